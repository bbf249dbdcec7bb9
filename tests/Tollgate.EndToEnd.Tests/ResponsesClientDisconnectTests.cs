using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A client that leaves a Responses API stream mid-way: the provider's call is cancelled, the row says 499.</summary>
public sealed class ResponsesClientDisconnectTests(SlowStreamGatewayFixture fixture) : IClassFixture<SlowStreamGatewayFixture>
{
    [Fact]
    public async Task A_client_that_leaves_a_responses_stream_cancels_the_upstream_call_and_is_recorded_as_499()
    {
        var (simulator, gateway) = (fixture.Simulator, fixture.Gateway);

        var requestId = await ImpatientClient.StreamAndHangUpAsync(gateway.BaseAddress, "v1/responses", """{"model":"gpt-4o-mini","stream":true,"input":"Tell me everything about budgets."}""");

        var upstream = await simulator.WaitForRequestAsync(requestId);
        Assert.False(upstream.Completed, $"the provider finished {upstream}");
        var entry = await gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal(499, entry.Status);
        Assert.Equal("client_closed", entry.ErrorType);
        Assert.True(entry.Stream);
        Assert.Equal("/v1/responses", entry.Endpoint);
    }
}
