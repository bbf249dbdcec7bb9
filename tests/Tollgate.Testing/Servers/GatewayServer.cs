using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Ledger;

namespace Tollgate.Testing.Servers;

/// <summary>
/// <c>tollgate serve</c> as its own process on a free loopback port, in front of a <see cref="SimulatorServer"/>
/// configured as both the OpenAI and the Anthropic provider (with the provider keys the SDKs would read), and
/// its own data directory.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>The OpenAI provider key the gateway is given; it must never reach a client or a log.</summary>
    public const string OpenAIProviderKey = "sk-test";

    /// <summary>The Anthropic provider key the gateway is given; it must never reach a client or a log.</summary>
    public const string AnthropicProviderKey = "sk-ant-test";

    /// <summary>How the admin API writes ledger rows: snake_case.</summary>
    public static readonly JsonSerializerOptions AdminJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly TemporaryDirectory? _ownedDirectory;

    private GatewayServer(TollgateProcess process, Uri baseAddress, string dataDirectory, TemporaryDirectory? ownedDirectory, string? adminKey)
    {
        Process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
        AdminKey = adminKey;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TollgateProcess Process { get; }

    /// <summary>Root address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string? AdminKey { get; }

    /// <summary>A plain client for the gateway (no credentials).</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the gateway has written to standard output and error so far.</summary>
    public string Output => Process.Output;

    public static async Task<GatewayServer> StartAsync(SimulatorServer upstream, GatewayServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        options ??= new GatewayServerOptions();
        var owned = options.DataDirectory is null ? new TemporaryDirectory() : null;
        var dataDirectory = options.DataDirectory ?? owned!.Path;
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = upstream.OpenAIBaseUrl,
            ["OPENAI_API_KEY"] = OpenAIProviderKey,
            ["ANTHROPIC_BASE_URL"] = upstream.AnthropicBaseUrl,
            ["ANTHROPIC_API_KEY"] = AnthropicProviderKey,
        };
        if (options.AdminKey is not null)
        {
            environment["TOLLGATE_ADMIN_KEY"] = options.AdminKey;
        }

        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        try
        {
            var (process, baseAddress) = await ServerLauncher.StartAsync(
                address => TollgateProcess.Start(["serve", "--urls", address.ToString().TrimEnd('/'), "--data-dir", dataDirectory, .. options.Arguments], environment),
                "healthz",
                "tollgate serve");
            return new GatewayServer(process, baseAddress, dataDirectory, owned, options.AdminKey);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>A request to an <c>/admin</c> route, carrying the admin key when the gateway has one.</summary>
    public HttpRequestMessage AdminRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (AdminKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }

        return request;
    }

    /// <summary>
    /// Returns once every row settled so far is committed to <c>tollgate.db</c>: settled rows are journalled and
    /// committed a moment later, and a read through the gateway waits for that commit. For tests that then look
    /// into the file itself (<see cref="LedgerFile"/>).
    /// </summary>
    public async Task WaitForLedgerCommitsAsync() => _ = await GetLedgerEntryAsync("ledger-commit-probe");

    /// <summary>The ledger row of <paramref name="requestId"/> from <c>GET /admin/requests/{id}</c>, or null when there is none.</summary>
    public async Task<LedgerEntry?> GetLedgerEntryAsync(string requestId)
    {
        using var request = AdminRequest(HttpMethod.Get, "admin/requests/" + Uri.EscapeDataString(requestId));
        using var response = await Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<LedgerEntry>(AdminJson);
    }

    /// <summary>Waits until the ledger row of <paramref name="requestId"/> is settled (no longer pending) and returns it.</summary>
    public Task<LedgerEntry> WaitForSettledEntryAsync(string requestId, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            async () => await GetLedgerEntryAsync(requestId) is { IsPending: false } entry ? entry : null,
            timeout ?? TimeSpan.FromSeconds(15),
            $"a settled ledger row for {requestId}");

    /// <summary>Creates a virtual key through <c>POST /admin/keys</c> and returns its secret (<c>tg-…</c>).</summary>
    /// <param name="openAttribution">The fields (<c>user</c>, <c>feature</c>, <c>team</c>) the key's callers may name in their headers.</param>
    /// <param name="tags">The key's fixed tags (<c>project=atlas</c> …), or none.</param>
    public async Task<string> CreateKeyAsync(string name, string? user = null, string? feature = null, string? team = null, IReadOnlyList<string>? openAttribution = null, IReadOnlyDictionary<string, string>? tags = null)
    {
        using var request = AdminRequest(HttpMethod.Post, "admin/keys");
        request.Content = JsonContent.Create(new Dictionary<string, object?> { ["name"] = name, ["user"] = user, ["feature"] = feature, ["team"] = team, ["open_attribution"] = openAttribution, ["tags"] = tags });
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /admin/keys answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("key").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}
