using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Providers.Simulation;

namespace Tollgate.Testing.Servers;

/// <summary>
/// <c>tollgate simulate</c> as its own process on a free loopback port: the upstream provider of end-to-end
/// tests. Its request log (<c>GET /_simulator/requests</c>) shows every call it saw (with its credential fingerprints
/// and protocol headers when started with <c>--record-headers</c>); <c>GET /_simulator/in-flight</c> counts the calls
/// it is still answering.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions LogJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private SimulatorServer(TollgateProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TollgateProcess Process { get; }

    /// <summary>Root address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What <c>OPENAI_BASE_URL</c> is set to for a gateway in front of this simulator.</summary>
    public string OpenAIBaseUrl => BaseAddress + "v1";

    /// <summary>What <c>ANTHROPIC_BASE_URL</c> is set to for a gateway in front of this simulator.</summary>
    public string AnthropicBaseUrl => BaseAddress.ToString().TrimEnd('/');

    /// <summary>A client for calling the simulator directly (bypassing any gateway).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a simulator with extra <c>simulate</c> options, e.g. <c>--record-bodies</c> or <c>--ttft-ms 1500</c>.</summary>
    public static async Task<SimulatorServer> StartAsync(params string[] options)
    {
        var (process, baseAddress) = await ServerLauncher.StartAsync(
            address => TollgateProcess.Start(["simulate", "--urls", address.ToString().TrimEnd('/'), .. options]),
            SimulatorEndpoints.RequestLogPath.TrimStart('/'),
            "tollgate simulate");
        return new SimulatorServer(process, baseAddress);
    }

    /// <summary>The calls the simulator has answered (or seen abandoned), oldest first; only those with <paramref name="requestId"/> when given.</summary>
    public async Task<IReadOnlyList<SimulatedRequest>> GetRequestsAsync(string? requestId = null)
    {
        var path = SimulatorEndpoints.RequestLogPath.TrimStart('/') + (requestId is null ? string.Empty : "?request_id=" + Uri.EscapeDataString(requestId));
        return await Http.GetFromJsonAsync<SimulatedRequest[]>(path, LogJson) ?? [];
    }

    /// <summary>How many calls the simulator has received and not yet finished answering.</summary>
    public async Task<int> GetInFlightAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(SimulatorEndpoints.InFlightPath.TrimStart('/')));
        return document.RootElement.GetProperty("in_flight").GetInt32();
    }

    /// <summary>Waits until the simulator has logged the call with <paramref name="requestId"/> (it logs a call once it ends).</summary>
    public Task<SimulatedRequest> WaitForRequestAsync(string requestId, TimeSpan? timeout = null) =>
        Poll.UntilAsync(
            async () => await GetRequestsAsync(requestId) is [var first, ..] ? first : null,
            timeout ?? TimeSpan.FromSeconds(15),
            $"the simulator to log request {requestId}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
