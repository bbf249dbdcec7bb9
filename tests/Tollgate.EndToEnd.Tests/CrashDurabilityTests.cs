using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

public sealed class CrashDurabilityTests
{
    private const int Workers = 16;

    private static readonly (string Path, string Body, bool Stream)[] Calls =
    [
        ("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"load {0}"}]}""", false),
        ("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"load {0}"}]}""", true),
        ("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":60,"messages":[{"role":"user","content":"load {0}"}]}""", false),
        ("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":60,"stream":true,"messages":[{"role":"user","content":"load {0}"}]}""", true),
    ];

    // Deterministic calls on three questions ({1}): once the first of each is answered, the cache answers the rest (or
    // they join the call in flight).
    private static readonly (string Path, string Body, bool Stream)[] CachedCalls =
    [
        ("v1/chat/completions", """{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"cached {1}"}]}""", false),
        ("v1/chat/completions", """{"model":"gpt-4o-mini","temperature":0,"stream":true,"messages":[{"role":"user","content":"cached {1}"}]}""", true),
        ("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":60,"temperature":0,"messages":[{"role":"user","content":"cached {1}"}]}""", false),
    ];

    [Fact]
    public async Task After_a_sigkill_under_load_no_upstream_call_lacks_a_row_and_rows_left_pending_are_marked_interrupted()
    {
        // Time to first token keeps calls in flight at any moment, so the kill lands mid-call.
        await using var simulator = await SimulatorServer.StartAsync("--ttft-ms", "150", "--tokens-per-second", "500");
        using var data = new TemporaryDirectory();
        var outcomes = new ConcurrentQueue<CallOutcome>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { DataDirectory = data.Path }))
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(() => LoadAsync(client, Calls, worker, outcomes, killed.Task, stop.Token))).ToArray();
            await Poll.UntilAsync(
                () => Task.FromResult(outcomes.Count(o => o.Complete) >= 2 * Workers || workers.Any(w => w.IsCompleted)),
                TimeSpan.FromSeconds(30),
                "the load to complete some calls");
            if (workers.FirstOrDefault(w => w.IsCompleted) is { } stopped)
            {
                await stopped; // a worker stops early only when one of its calls failed: rethrow that failure
            }

            // Marked before the kill, so a worker can tell a connection the kill dropped from a failure of its own.
            killed.SetResult();
            gateway.Process.Kill();
            await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        var upstreamCalls = (await simulator.GetRequestsAsync()).Where(call => call.RequestId is not null).ToList();
        var pending = new List<string>();
        var storage = EmbeddedStorage.Open(data.Path);
        await using (storage)
        {
            foreach (var call in upstreamCalls)
            {
                var entry = await storage.Ledger.GetAsync(call.RequestId!);
                Assert.True(entry is not null, $"the provider answered {call.RequestId} but the ledger has no row for it");
                if (entry.IsPending)
                {
                    pending.Add(entry.RequestId);
                }
            }

            foreach (var outcome in outcomes)
            {
                var entry = await storage.Ledger.GetAsync(outcome.RequestId);
                Assert.True(entry is not null, $"the client got an answer's headers for {outcome.RequestId} but the ledger has no row for it");
                if (outcome.Complete)
                {
                    Assert.True(entry is { IsPending: false, Status: 200 }, $"{outcome.RequestId} was answered in full but its row is {entry}");
                    Assert.True(entry.OutputTokens > 0);
                }
            }
        }

        Assert.True(upstreamCalls.Count >= 2 * Workers, $"only {upstreamCalls.Count} upstream calls");
        Assert.NotEmpty(pending);

        await using var restarted = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { DataDirectory = data.Path });
        foreach (var requestId in pending)
        {
            var entry = await restarted.GetLedgerEntryAsync(requestId);
            Assert.True(
                entry is { IsPending: false, ErrorType: "gateway_interrupted" },
                $"{requestId} was in flight at the kill; after the restart its row is {(entry is null ? "missing" : entry)}");
        }
    }

    [Fact]
    public async Task After_a_sigkill_under_load_with_cache_hits_every_answer_a_client_received_has_its_row_after_the_restart()
    {
        await using var simulator = await SimulatorServer.StartAsync("--ttft-ms", "150", "--tokens-per-second", "500");
        using var data = new TemporaryDirectory();
        var outcomes = new ConcurrentQueue<CallOutcome>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answeredUnderLock;
        await using (var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { DataDirectory = data.Path }))
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(() => LoadAsync(client, CachedCalls, worker, outcomes, killed.Task, stop.Token))).ToArray();
            await Poll.UntilAsync(() => Task.FromResult(AnsweredWithoutCall(outcomes) >= 10 * Workers || workers.Any(w => w.IsCompleted)), TimeSpan.FromSeconds(30), "the cache to answer");

            // Another process takes the database's write lock: nothing commits from here on, yet hits go on being answered
            // (their rows need no commit to be durable), so the kill below finds them in the journal only.
            using var holder = new SqliteConnection($"Data Source={Path.Combine(data.Path, EmbeddedStorage.DatabaseFileName)};Pooling=False");
            holder.Open();
            using var locked = holder.BeginTransaction(deferred: false);
            var before = AnsweredWithoutCall(outcomes);
            await Poll.UntilAsync(() => Task.FromResult(AnsweredWithoutCall(outcomes) >= before + (2 * Workers) || workers.Any(w => w.IsCompleted)), TimeSpan.FromSeconds(30), "hits while the lock is held");
            if (workers.FirstOrDefault(w => w.IsCompleted) is { } stopped)
            {
                await stopped; // a worker stops early only when one of its calls failed: rethrow that failure
            }

            killed.SetResult();
            gateway.Process.Kill();
            await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            answeredUnderLock = AnsweredWithoutCall(outcomes) - before;
            locked.Rollback();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        Assert.True(answeredUnderLock >= 2 * Workers, $"only {answeredUnderLock} answers came from the cache while the lock was held");

        // The restart recovers what the kill left in the journal: every answer a client received in full has its settled row.
        await using var restarted = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { DataDirectory = data.Path });
        foreach (var outcome in outcomes.Where(outcome => outcome.Complete))
        {
            var entry = await restarted.GetLedgerEntryAsync(outcome.RequestId);
            Assert.True(
                entry is { IsPending: false, Status: 200, ErrorType: null } && entry.CacheStatus == outcome.Cache,
                $"{outcome.RequestId} ({outcome.Cache}) was answered in full before the kill; after the restart its row is {(entry is null ? "missing" : entry)}");
        }
    }

    private static int AnsweredWithoutCall(IEnumerable<CallOutcome> outcomes) => outcomes.Count(o => o.Complete && o.Cache is "hit" or "coalesced");

    /// <summary>
    /// Sends calls until stopped and records each one whose headers arrived. Before the kill every call must succeed in
    /// full: a failure then is the gateway's, and fails the test. Only once <paramref name="killed"/> has completed is a
    /// dropped connection or an unfinished answer expected.
    /// </summary>
    private static async Task LoadAsync(HttpClient client, (string Path, string Body, bool Stream)[] calls, int worker, ConcurrentQueue<CallOutcome> outcomes, Task killed, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (path, body, stream) = calls[(worker + i) % calls.Length];
            body = body.Replace("{0}", $"{worker}-{i}", StringComparison.Ordinal).Replace("{1}", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            string? requestId = null;
            string? cache = null;
            var complete = false;
            try
            {
                using var response = await client.SendAsync(Wire.Post(path, body), HttpCompletionOption.ResponseHeadersRead, stop);
                requestId = Wire.Header(response, "x-tollgate-request-id");
                cache = response.Headers.TryGetValues("x-tollgate-cache", out var values) ? values.First() : null;
                if (stream)
                {
                    var events = await ServerSentEvents.ReadAllAsync(await response.Content.ReadAsStreamAsync(stop), stop);
                    complete = response.IsSuccessStatusCode && events.Count > 0 && (events[^1].Data == "[DONE]" || events[^1].Name == "message_stop");
                }
                else
                {
                    var text = await response.Content.ReadAsStringAsync(stop);
                    complete = response.IsSuccessStatusCode && text.Contains("\"usage\"", StringComparison.Ordinal);
                }
            }
            catch (Exception exception) when (killed.IsCompleted && exception is HttpRequestException or IOException or OperationCanceledException)
            {
                // The gateway was killed under this call: the client saw the connection drop.
            }

            if (requestId is not null)
            {
                outcomes.Enqueue(new CallOutcome(requestId, complete, cache));
            }

            Assert.True(complete || killed.IsCompleted, $"call {worker}-{i} ({path}, request {requestId}) ended unfinished while the gateway was still running");
        }
    }
}
