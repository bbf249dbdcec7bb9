namespace Tollgate.Testing.Servers;

/// <summary>
/// Starts a <c>tollgate</c> server on a free loopback port and waits until it answers a readiness probe,
/// trying another port when the chosen one was taken in between.
/// </summary>
internal static class ServerLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<(TollgateProcess Process, Uri BaseAddress)> StartAsync(
        Func<Uri, TollgateProcess> launch, string readinessPath, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            var process = launch(baseAddress);
            if (await WaitUntilReadyAsync(process, new Uri(baseAddress, readinessPath)))
            {
                return (process, baseAddress);
            }

            var output = process.Output;
            await process.DisposeAsync();
            if (attempt < 3 && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"{what} did not become ready on {baseAddress}. Output:\n{output}");
        }
    }

    private static async Task<bool> WaitUntilReadyAsync(TollgateProcess process, Uri probe)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(probe);
                if (response.IsSuccessStatusCode)
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
