using System.Text;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>By default the gateway admits what the providers admit: Anthropic takes request bodies of up to 32 MB, images base64 inside the JSON.</summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class BodyLimitDefaultTests(GoldenGatewayFixture fixture)
{
    [Fact]
    public async Task A_32_MB_body_reaches_the_provider_whole_by_default()
    {
        const int size = 32_000_000;
        const string head = """{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":""";
        const string tail = "\"}}]}]}";
        var body = new StringBuilder(size).Append(head).Append('"').Append('A', size - head.Length - 1 - tail.Length).Append(tail).ToString();

        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message.json"), "v1/messages", body);

        Assert.True(call.Status == 200, Encoding.UTF8.GetString(call.Body));
        Assert.Equal(size, fixture.Upstream.ReceivedFor(call.RequestId)?.Body.Length);
    }
}
