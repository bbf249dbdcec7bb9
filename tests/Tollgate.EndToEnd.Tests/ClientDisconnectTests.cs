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

    [Theory]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Tell me everything about tolls."}]}""")]
    [InlineData("v1/responses", """{"model":"gpt-4o-mini","stream":true,"input":"Tell me everything about tolls."}""")]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":1000,"stream":true,"messages":[{"role":"user","content":"Tell me everything about tolls."}]}""")]
    public async Task A_client_that_leaves_mid_stream_is_not_taken_for_a_broken_provider_stream(string path, string body)
    {
        // A stream the provider breaks ends with an error event; one the client leaves has nobody to send it to, and the
        // relay must not treat the cancelled read as the provider's failure (a cut or a timeout) either.
        var requestId = await ImpatientClient.StreamAndHangUpAsync(fixture.Gateway.BaseAddress, path, body);

        var entry = await fixture.Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((499, "client_closed"), (entry.Status, entry.ErrorType));
        Assert.DoesNotContain("provider cut the stream", entry.Warning ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("provider did not finish", entry.Warning ?? string.Empty, StringComparison.Ordinal);
    }
}
