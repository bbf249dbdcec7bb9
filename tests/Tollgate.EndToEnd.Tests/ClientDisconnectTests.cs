using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

public sealed class ClientDisconnectTests(SlowStreamGatewayFixture fixture) : IClassFixture<SlowStreamGatewayFixture>
{
    [Theory]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Tell me everything about budgets."}]}""")]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":1000,"stream":true,"messages":[{"role":"user","content":"Tell me everything about budgets."}]}""")]
    public async Task A_client_that_leaves_mid_stream_cancels_the_upstream_call_and_is_recorded_as_499(string path, string body)
    {
        var (simulator, gateway) = (fixture.Simulator, fixture.Gateway);

        var requestId = await ImpatientClient.StreamAndHangUpAsync(gateway.BaseAddress, path, body);

        var upstream = await simulator.WaitForRequestAsync(requestId);
        Assert.False(upstream.Completed, $"the provider finished {upstream}");
        var entry = await gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.True(entry.Stream);
    }
}
