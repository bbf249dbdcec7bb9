using System.Net;
using System.Net.Http.Json;
using Tollgate.Core.Ledger;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// <c>tollgate serve</c> started with a command line and environment of the test's choosing, for what
/// <see cref="GatewayServer"/> does not offer: a <c>--config</c> file, no provider at all, several listeners, an
/// HTTP/2-only listener. Listens on a free loopback port (and whatever else <c>urls</c> adds) and is ready once
/// <c>/healthz</c> answers over the HTTP version asked for.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _data;

    private GatewayProcess(TollgateProcess process, Uri baseAddress, TemporaryDirectory data, HttpClient http)
    {
        Process = process;
        BaseAddress = baseAddress;
        _data = data;
        Http = http;
    }

    public TollgateProcess Process { get; }

    /// <summary>The loopback TCP address, with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public string DataDirectory => _data.Path;

    /// <summary>A client for <see cref="BaseAddress"/> speaking exactly the HTTP version the gateway was started for.</summary>
    public HttpClient Http { get; }

    public string Output => Process.Output;

    /// <param name="environment">Variables for the process (a null value removes one); provider variables are unset unless given.</param>
    /// <param name="arguments">More arguments after <c>serve --urls … --data-dir …</c>, e.g. <c>--config FILE</c>.</param>
    /// <param name="urls">The <c>--urls</c> value for a free port; by default only <c>http://127.0.0.1:PORT</c>.</param>
    /// <param name="httpVersion">The HTTP version the gateway's TCP listener speaks: 1.1 by default, 2.0 for an HTTP/2-only listener.</param>
    /// <param name="prepare">Runs on the fresh data directory before the start, e.g. to create a virtual key with the CLI.</param>
    public static async Task<GatewayProcess> StartAsync(
        IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyList<string>? arguments = null,
        Func<int, string>? urls = null,
        Version? httpVersion = null,
        Func<string, Task>? prepare = null)
    {
        urls ??= port => $"http://127.0.0.1:{port}";
        var data = new TemporaryDirectory();
        try
        {
            if (prepare is not null)
            {
                await prepare(data.Path);
            }

            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                var baseAddress = new Uri($"http://127.0.0.1:{port}/");
                var process = TollgateProcess.Start(["serve", "--urls", urls(port), "--data-dir", data.Path, .. arguments ?? []], environment);
                var http = CreateClient(baseAddress, httpVersion ?? HttpVersion.Version11);
                if (await WaitUntilReadyAsync(process, http))
                {
                    return new GatewayProcess(process, baseAddress, data, http);
                }

                http.Dispose();
                var output = process.Output;
                await process.DisposeAsync();
                if (attempt < 3 && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new InvalidOperationException($"tollgate serve did not become ready on {baseAddress}. Output:\n{output}");
            }
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>The ledger row of <paramref name="requestId"/> from <c>GET /admin/requests/{id}</c> (a loopback caller, no admin key), or null.</summary>
    public async Task<LedgerEntry?> GetLedgerEntryAsync(string requestId)
    {
        using var response = await Http.GetAsync("admin/requests/" + Uri.EscapeDataString(requestId));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<LedgerEntry>(GatewayServer.AdminJson);
    }

    /// <summary>Waits until the ledger row of <paramref name="requestId"/> is settled and returns it.</summary>
    public Task<LedgerEntry> WaitForSettledEntryAsync(string requestId) =>
        Poll.UntilAsync(
            async () => await GetLedgerEntryAsync(requestId) is { IsPending: false } entry ? entry : null,
            TimeSpan.FromSeconds(15),
            $"a settled ledger row for {requestId}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        _data.Dispose();
    }

    private static HttpClient CreateClient(Uri baseAddress, Version version) => new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = version,

        // Exactly this version: an HTTP/2 test must not pass over a quiet fallback to HTTP/1.1.
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static async Task<bool> WaitUntilReadyAsync(TollgateProcess process, HttpClient http)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync("healthz", probe.Token);

                // Another server may have taken the port between FreePort and this process's bind (and answer /healthz
                // while this one fails to start): ready is this process saying it listens, after all its listeners bound.
                if (response.IsSuccessStatusCode && process.Output.Contains("Tollgate listening on", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        return false;
    }
}
