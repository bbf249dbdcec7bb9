using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// Stored answers survive a restart: a real <c>tollgate serve</c> process answers a deterministic call, is stopped the
/// way a service manager stops it (<c>SIGTERM</c>), and a new process on the same data directory answers the same call
/// from the cache without calling the provider again.
/// </summary>
public sealed class CacheRestartTests : IAsyncLifetime
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
    public async Task An_answer_stored_before_a_restart_is_a_hit_after_it()
    {
        var prompt = "Classify: survives restarts #" + Guid.NewGuid().ToString("N")[..12];
        RawCall before;
        await using (var first = await GatewayServer.StartAsync(_simulator, new GatewayServerOptions { DataDirectory = _data.Path }))
        {
            before = await RawCall.PostAsync(first.Http, "v1/chat/completions", RawCall.Chat(prompt));
            await first.Process.TerminateAsync();
            Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using var second = await GatewayServer.StartAsync(_simulator, new GatewayServerOptions { DataDirectory = _data.Path });
        var after = await RawCall.PostAsync(second.Http, "v1/chat/completions", RawCall.Chat(prompt));

        Assert.Equal(("miss", "hit"), (before.Cache, after.Cache));
        Assert.Equal(before.Body, after.Body);
        Assert.Equal(1, (await _simulator.GetRequestsAsync()).Count(request => request.Body?.Contains(prompt, StringComparison.Ordinal) == true));
    }
}
