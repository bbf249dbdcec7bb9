using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace Tollgate.LoadBench;

/// <summary>
/// A lean closed-loop HTTP/1.1 client: one kept-alive connection per worker, a body serialised once, and
/// latencies kept as raw timestamps until the cell ends. It measures the time to the first body byte too,
/// which a stream needs and <c>wrk</c> cannot give.
/// </summary>
internal sealed class DotnetLoadClient : ILoadClient
{
    public string Name => "dotnet";

    public async Task<LoadMeasurement> RunAsync(Uri baseAddress, LoadRequest request, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var url = new Uri(baseAddress, request.Path);
        var workers = new Worker[connections];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            workers[i] = new Worker(invoker, url, request, deadline);
            tasks[i] = workers[i].RunAsync(cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        long requests = 0, errors = 0;
        foreach (var worker in workers)
        {
            requests += worker.Latencies.Count;
            errors += worker.Errors;
        }

        var latencies = new double[requests];
        var firstBytes = request.Stream ? new double[requests] : [];
        var at = 0;
        foreach (var worker in workers)
        {
            for (var i = 0; i < worker.Latencies.Count; i++, at++)
            {
                latencies[at] = TicksToMicroseconds(worker.Latencies[i]);
                if (request.Stream)
                {
                    firstBytes[at] = TicksToMicroseconds(worker.FirstBytes[i]);
                }
            }
        }

        return new LoadMeasurement(requests, errors, elapsed, LatencyStats.From(latencies), LatencyStats.From(firstBytes));
    }

    private static double TicksToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private sealed class Worker(HttpMessageInvoker invoker, Uri url, LoadRequest request, long deadline)
    {
        public List<long> Latencies { get; } = new(64 * 1024);

        public List<long> FirstBytes { get; } = new(request.Stream ? 64 * 1024 : 0);

        public long Errors { get; private set; }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = Stopwatch.GetTimestamp();
                    long firstByte = 0;
                    var ok = false;
                    try
                    {
                        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(request.Body) };
                        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                        if (request.CacheControl is { } cacheControl)
                        {
                            message.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
                        }

                        foreach (var (name, value) in request.Headers)
                        {
                            message.Headers.TryAddWithoutValidation(name, value);
                        }

                        using var response = await invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
                        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                        await using (body.ConfigureAwait(false))
                        {
                            var read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                            firstByte = Stopwatch.GetTimestamp();
                            while (read > 0)
                            {
                                read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        ok = response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        ok = false;
                    }
                    catch (IOException)
                    {
                        ok = false;
                    }

                    var end = Stopwatch.GetTimestamp();
                    Latencies.Add(end - start);
                    if (request.Stream)
                    {
                        FirstBytes.Add((firstByte == 0 ? end : firstByte) - start);
                    }

                    if (!ok)
                    {
                        Errors++;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
