using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A client that hangs up on a buffered (non-stream) call while the provider is still working on it: the upstream
/// call is cancelled, and the ledger row says 499 <c>client_closed</c>, with the prompt counted as an estimate
/// (the provider bills what it processed) because no usage came back.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NonStreamDisconnectTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Take your time. [[fault:timeout]]"}]}""")]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":100,"messages":[{"role":"user","content":"Take your time. [[fault:timeout]]"}]}""")]
    public async Task A_client_that_leaves_a_buffered_call_cancels_the_upstream_call_and_is_recorded_as_499(string path, string body)
    {
        var (simulator, gateway) = (fixture.Simulator, fixture.Gateway);
        var earlier = IntentJournal.RequestIds(gateway.DataDirectory);

        // The simulated provider holds the call (timeout fault) until its caller goes away.
        using var call = await AbandonedCall.SendAsync(gateway.BaseAddress, path, body);
        var requestId = await Poll.UntilAsync(
            () => Task.FromResult(IntentJournal.RequestIds(gateway.DataDirectory).Except(earlier).FirstOrDefault()),
            TimeSpan.FromSeconds(15),
            "the gateway to record the call as about to go upstream");

        // The upstream request leaves right after its intent is written; give it time to reach the provider.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(call.HasAnswer, "the gateway answered before the provider did");
        call.HangUp();

        var upstream = await simulator.WaitForRequestAsync(requestId);
        Assert.Equal(499, upstream.Status);
        Assert.False(upstream.Completed, $"the provider finished {upstream}");
        var entry = await gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.False(entry.Stream);
        Assert.Equal("/" + path, entry.Endpoint);
        Assert.True(entry.InputTokens > 0, $"input tokens {entry.InputTokens}");
        Assert.Equal(0, entry.OutputTokens);
        Assert.True(entry.CostUsd > 0m, $"cost {entry.CostUsd}");
        Assert.Contains("usage estimated from the prompt", entry.Warning, StringComparison.Ordinal);
    }
}
