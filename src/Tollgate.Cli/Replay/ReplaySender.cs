using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Cli.Workloads;

namespace Tollgate.Cli.Replay;

/// <summary>
/// Sends a workload's lines through a gateway as the providers' SDKs would (route, credential header, the line's
/// <c>x-tollgate-*</c> headers, the run's <c>replay</c> tag), each at its arrival time scaled by the speed-up, or at a
/// fixed rate. Requests overlap as their times require; each is timed here, from sending to its answer's last byte.
/// </summary>
internal sealed class ReplaySender(HttpClient http, string? key, string runId)
{
    /// <summary>Requests in flight at most: a workload bursting past it waits for answers rather than exhausting sockets.</summary>
    private const int MaxInFlight = 256;

    /// <summary>Sends every line and returns what happened to each, in line order; <paramref name="done"/> is told of each answer.</summary>
    /// <param name="lines">The workload.</param>
    /// <param name="speedup">Arrival times are divided by it.</param>
    /// <param name="rate">Requests per second regardless of the arrival times, when more than 0.</param>
    /// <param name="done">Called as each request completes (the progress bar).</param>
    /// <param name="cancellationToken">Stops sending.</param>
    public async Task<ReplayOutcome[]> RunAsync(IReadOnlyList<WorkloadLine> lines, double speedup, double rate, Action done, CancellationToken cancellationToken)
    {
        var outcomes = new ReplayOutcome[lines.Count];
        var running = new List<Task>(lines.Count);
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var clock = Stopwatch.StartNew();
        var first = lines.Count > 0 ? lines[0].AtMs : 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var dueMs = rate > 0 ? i * 1000.0 / rate : Math.Max(0, line.AtMs - first) / speedup;
            var wait = dueMs - clock.Elapsed.TotalMilliseconds;
            if (wait >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
            }

            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            var index = i;
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        outcomes[index] = await SendAsync(line, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        inFlight.Release();
                        done();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<ReplayOutcome> SendAsync(WorkloadLine line, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route(line.Protocol))
        {
            Content = new StringContent(line.Body, Encoding.UTF8, "application/json"),
        };
        if (line.Protocol == WorkloadProtocol.Messages)
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
            if (key is not null)
            {
                request.Headers.Add("x-api-key", key);
            }
        }
        else if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        AddHeader(request, "x-tollgate-feature", line.Feature);
        AddHeader(request, "x-tollgate-user", line.User);
        AddHeader(request, "x-tollgate-team", line.Team);
        AddHeader(request, "x-tollgate-task", line.Task);
        request.Headers.Add("x-tollgate-tags", "replay=" + runId);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var latency = clock.Elapsed.TotalMilliseconds;
            var status = (int)response.StatusCode;
            var succeeded = response.IsSuccessStatusCode;
            return new ReplayOutcome(line.LineNumber, status, latency)
            {
                RequestId = Header(response, "x-tollgate-request-id"),
                CacheStatus = Header(response, "x-tollgate-cache"),
                AnswerText = succeeded ? AnswerText.Read(line.Protocol, body) : null,
                Label = line.Label,
                ErrorType = succeeded ? null : ErrorType(body, status),
            };
        }
        catch (HttpRequestException)
        {
            return new ReplayOutcome(line.LineNumber, 0, clock.Elapsed.TotalMilliseconds) { Label = line.Label, ErrorType = "connection" };
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReplayOutcome(line.LineNumber, 0, clock.Elapsed.TotalMilliseconds) { Label = line.Label, ErrorType = "timeout" };
        }
    }

    /// <summary>The route a protocol's requests go to, relative to the gateway's root.</summary>
    public static string Route(WorkloadProtocol protocol) => protocol switch
    {
        WorkloadProtocol.Responses => "v1/responses",
        WorkloadProtocol.Messages => "v1/messages",
        _ => "v1/chat/completions",
    };

    private static void AddHeader(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The error body's <c>error.type</c> (both protocols put it there), else <c>http_NNN</c>.</summary>
    private static string ErrorType(string body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type) && type.GetString() is { Length: > 0 } name)
            {
                return name;
            }
        }
        catch (JsonException)
        {
            // not a provider-format error body
        }

        return "http_" + status;
    }
}
