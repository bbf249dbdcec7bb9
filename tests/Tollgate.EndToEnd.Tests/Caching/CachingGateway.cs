using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Gateway;
using Tollgate.Core.Ledger;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// A gateway started in-process from a watched configuration file (as <c>tollgate serve --config FILE</c> starts one), in
/// front of a <c>tollgate simulate</c> process that records the bodies it receives, so a test counts the upstream calls
/// its own prompt made. <see cref="ConfigureAsync"/> rewrites the file's cache and feature settings while it runs.
/// </summary>
public class CachingGateway : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _directory = new();
    private IConfigurationRoot _configuration = null!;

    public SimulatorServer Simulator { get; private set; } = null!;

    public GatewayApplication Gateway { get; private set; } = null!;

    /// <summary>A plain client for the gateway.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway's root address.</summary>
    public Uri BaseAddress => Gateway.Addresses[0];

    public ICacheStore Store => Gateway.Services.GetRequiredService<ICacheStore>();

    private string ConfigFile => Path.Combine(_directory.Path, "tollgate.json");

    /// <summary>JSON members added to the <c>"Tollgate"</c> section at start (e.g. <c>"Cache": {…}, "Features": {…}</c>).</summary>
    protected virtual string InitialSettings => string.Empty;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--record-bodies");
        WriteConfig(InitialSettings);
        _configuration = new ConfigurationBuilder().AddJsonFile(ConfigFile, optional: false, reloadOnChange: true).Build();
        Gateway = await GatewayApplication.StartAsync(_configuration, logging => logging.ClearProviders(), ConfigureServices);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>More services for the gateway (a fake clock, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        (_configuration as IDisposable)?.Dispose();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>Rewrites the configuration file with <paramref name="settings"/> and waits until the gateway reads them.</summary>
    public async Task ConfigureAsync(string settings, Func<GatewayOptions, bool> applied)
    {
        WriteConfig(settings);
        var options = Gateway.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
        await Poll.UntilAsync(() => Task.FromResult(applied(options.CurrentValue)), Deadline, "the gateway to read the edited settings");
    }

    /// <summary>How many calls the simulator received whose body contains <paramref name="marker"/>.</summary>
    public async Task<int> UpstreamCallsAsync(string marker) =>
        (await Simulator.GetRequestsAsync()).Count(request => request.Body?.Contains(marker, StringComparison.Ordinal) == true);

    /// <summary>Waits until the store holds at least <paramref name="entries"/> live entries.</summary>
    public Task WaitForEntriesAsync(long entries) =>
        Poll.UntilAsync(async () => (await Store.MeasureAsync()).Entries >= entries, Deadline, $"{entries} cache entries");

    /// <summary>The model named in the body the simulator received for <paramref name="requestId"/>.</summary>
    public async Task<string> UpstreamModelAsync(string requestId)
    {
        var call = await Simulator.WaitForRequestAsync(requestId);
        using var document = JsonDocument.Parse(call.Body ?? throw new InvalidOperationException($"The simulator kept no body for {requestId}."));
        return document.RootElement.GetProperty("model").GetString()!;
    }

    /// <summary>The live entries the store holds now.</summary>
    public async Task<long> EntriesAsync() => (await Store.MeasureAsync()).Entries;

    /// <summary>The ledger row of <paramref name="requestId"/> (<c>GET /admin/requests/{id}</c>, open to loopback callers without an admin key).</summary>
    public async Task<LedgerEntry> RowAsync(string requestId)
    {
        var row = await Http.GetFromJsonAsync<LedgerEntry>("admin/requests/" + Uri.EscapeDataString(requestId), GatewayServer.AdminJson);
        return row ?? throw new InvalidOperationException($"No ledger row for {requestId}.");
    }

    /// <summary>
    /// The ledger row of the semantic cache's embedding call for <paramref name="requestId"/>, waited for: it is written
    /// beside the request, off its path.
    /// </summary>
    public Task<LedgerEntry> EmbeddingRowAsync(string requestId) =>
        Poll.UntilAsync(
            async () =>
            {
                using var response = await Http.GetAsync("admin/requests/" + Uri.EscapeDataString(requestId + ".embedding"));
                return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<LedgerEntry>(GatewayServer.AdminJson);
            },
            Deadline,
            $"the embedding row of {requestId}");

    /// <summary>Replaces the file in one step (write aside, then rename), so the watcher never reads it half-written.</summary>
    private void WriteConfig(string settings)
    {
        var aside = ConfigFile + ".new";
        File.WriteAllText(aside, $$"""
            {
              "Tollgate": {
                "Urls": "http://127.0.0.1:0",
                "DataDirectory": "{{JsonEncodedText.Encode(Path.Combine(_directory.Path, "data"))}}",
                "OpenAI": { "ApiKey": "sk-simulated", "BaseUrl": "{{Simulator.OpenAIBaseUrl}}" },
                "Anthropic": { "ApiKey": "sk-ant-simulated", "BaseUrl": "{{Simulator.AnthropicBaseUrl}}" }{{(settings.Length == 0 ? "" : ",\n" + settings)}}
              }
            }
            """);
        File.Move(aside, ConfigFile, overwrite: true);
    }
}
