using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Caching.Coalescing;
using Tollgate.Gateway.Tests.Pipeline;
using Tollgate.Providers.Simulation;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>
/// <c>tollgate simulate</c>, slowed down so calls overlap (first token after 100 ms, then 10 tokens a second: an answer
/// streams for several seconds) and logging each request's body, behind an in-process gateway whose leaders pass a
/// <see cref="LeaderGate"/>. Where the gateway has no cache stage of its own, <see cref="CacheableRequests"/> takes its place.
/// </summary>
public sealed class CoalescingFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private GatewayApplication? _gateway;

    internal LeaderGate Gate { get; } = new();

    public SimulatorServer Simulator { get; private set; } = null!;

    public Uri BaseAddress => _gateway!.Addresses[0];

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync("--ttft-ms", "100", "--tokens-per-second", "10", "--record-bodies");
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                UpstreamTimeoutSeconds = 120,
                OpenAI = new ProviderOptions { ApiKey = "sk-simulated", BaseUrl = Simulator.OpenAIBaseUrl },
                Anthropic = new ProviderOptions { ApiKey = "sk-ant-simulated", BaseUrl = Simulator.AnthropicBaseUrl },

                // The tests count upstream calls per coalesced call: a provider error is not retried here.
                Resilience = new Gateway.Resilience.ResilienceOptions { MaxRetries = 0 },
            },
            logging => logging.ClearProviders(),
            services =>
            {
                if (!services.Any(IsCacheStage))
                {
                    services.AddSingleton<IExchangeStage, CacheableRequests>();
                }

                services.ReplaceReserveStage(Gate);
            });
        Gate.Calls = _gateway.Services.GetServices<IExchangeStage>().OfType<CoalescingStage>().Single().Calls;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>The calls the simulator has logged (it logs a call once it ends) whose body contains <paramref name="marker"/>.</summary>
    /// <remarks>Read as a document: this test project serializes nothing by reflection.</remarks>
    internal async Task<IReadOnlyList<UpstreamCall>> UpstreamCallsAsync(string marker)
    {
        using var log = JsonDocument.Parse(await Simulator.Http.GetStringAsync(SimulatorEndpoints.RequestLogPath.TrimStart('/')));
        var calls = new List<UpstreamCall>();
        foreach (var call in log.RootElement.EnumerateArray())
        {
            if (call.GetProperty("body").GetString()?.Contains(marker, StringComparison.Ordinal) == true)
            {
                calls.Add(new UpstreamCall(call.GetProperty("status").GetInt32(), call.GetProperty("completed").GetBoolean()));
            }
        }

        return calls;
    }

    /// <summary>The settled ledger rows of <paramref name="user"/>.</summary>
    internal async Task<IReadOnlyList<LedgerRow>> RowsAsync(string user)
    {
        // Settled rows are journalled and committed a moment later; a read through the store waits for that commit.
        await _gateway!.Services.GetRequiredService<ILedgerStore>().CountAsync();
        var path = Path.Combine(_data.Path, EmbeddedStorage.DatabaseFileName);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_id, cache_status, lever, cost_usd, baseline_cost_usd, attempts, status, error_type FROM ledger WHERE user = $user";
        command.Parameters.AddWithValue("$user", user);
        var rows = new List<LedgerRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new LedgerRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                reader.IsDBNull(4) ? null : decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }

    /// <summary>Whether the gateway registers a response cache stage of its own (not the coalescing stage).</summary>
    private static bool IsCacheStage(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IExchangeStage)
        && descriptor.ImplementationType is { } type
        && type.Namespace?.StartsWith("Tollgate.Gateway.Caching", StringComparison.Ordinal) == true
        && type != typeof(CoalescingStage);
}
