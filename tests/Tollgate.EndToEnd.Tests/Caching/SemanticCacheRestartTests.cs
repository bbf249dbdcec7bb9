using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// The semantic index is rebuilt from the store at start: a real <c>tollgate serve</c> stores a classification's answer
/// with its embedded message, is stopped with <c>SIGTERM</c>, and a new process on the same data directory answers a
/// paraphrase from the store once it has indexed the stored prompts in the background.
/// </summary>
public sealed class SemanticCacheRestartTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private SimulatorServer _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SimulatorServer.StartAsync("--record-bodies");

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_paraphrase_after_a_restart_is_a_semantic_hit()
    {
        var system = "Support desk " + Guid.NewGuid().ToString("N")[..12] + ".";
        var task = ("x-tollgate-task", "classification");
        RawCall before;
        await using (var first = await GatewayServer.StartAsync(_simulator, new GatewayServerOptions { DataDirectory = _data.Path }))
        {
            before = await RawCall.PostAsync(first.Http, "v1/chat/completions", Chat(system, "How do I reset my password?"), task);
            await first.Process.TerminateAsync();
            Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using var second = await GatewayServer.StartAsync(_simulator, new GatewayServerOptions { DataDirectory = _data.Path });
        await Poll.UntilAsync(() => Task.FromResult(second.Output.Contains("1 stored prompts indexed", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the semantic index to be rebuilt");
        var after = await RawCall.PostAsync(second.Http, "v1/chat/completions", Chat(system, "What are the steps to reset my password?"), task);

        Assert.Equal(("miss", "semantic-hit"), (before.Cache, after.Cache));
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(1, (await _simulator.GetRequestsAsync()).Count(request => request.Body?.Contains(system, StringComparison.Ordinal) == true));
    }

    private static string Chat(string system, string user) =>
        $$"""{"model":"gpt-4o-mini","messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":"{{user}}"}],"temperature":0}""";
}
