using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_lets_calls_in_flight_finish_records_them_and_exits_zero()
    {
        await using var simulator = await SimulatorServer.StartAsync("--ttft-ms", "4000");
        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { DataDirectory = data.Path });
        string[] bodies =
        [
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"drain one"}]}""",
            """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"drain two"}]}""",
            """{"model":"claude-haiku-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"drain three"}]}""",
        ];

        var sent = System.Diagnostics.Stopwatch.StartNew();
        var calls = bodies.Select(body => CallAsync(gateway.Http, body.Contains("claude", StringComparison.Ordinal) ? "v1/messages" : "v1/chat/completions", body)).ToArray();
        await Poll.UntilAsync(async () => await simulator.GetInFlightAsync() == bodies.Length, TimeSpan.FromSeconds(15), "all calls to reach the provider");
        await gateway.Process.TerminateAsync();

        // The provider answers no call before 4 s after it received it, so a signal sent earlier than that found
        // every call in flight.
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(3.5), $"SIGTERM was sent only {sent.Elapsed.TotalSeconds:0.0} s after the calls, too late to be sure they were in flight");
        var results = await Task.WhenAll(calls);
        var exitCode = await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{gateway.Output}");
        Assert.All(results, result => Assert.True(result.Complete, $"{result.RequestId} answered {result.Status} and was cut: {result.Body}"));
        var storage = EmbeddedStorage.Open(data.Path);
        await using (storage)
        {
            foreach (var result in results)
            {
                var entry = await storage.Ledger.GetAsync(result.RequestId);
                Assert.NotNull(entry);
                Assert.Equal(200, entry.Status);
                Assert.True(entry.OutputTokens > 0);
            }
        }
    }

    private static async Task<(string RequestId, int Status, bool Complete, string Body)> CallAsync(HttpClient http, string path, string body)
    {
        using var response = await http.SendAsync(Wire.Post(path, body));
        var text = await response.Content.ReadAsStringAsync();
        var complete = body.Contains("\"stream\":true", StringComparison.Ordinal)
            ? text.Contains("data: [DONE]", StringComparison.Ordinal) || text.Contains("event: message_stop", StringComparison.Ordinal)
            : text.Contains("\"usage\"", StringComparison.Ordinal);
        return (Wire.Header(response, "x-tollgate-request-id"), (int)response.StatusCode, response.IsSuccessStatusCode && complete, text);
    }
}
