using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The provider account behind the gateway's key is the operator's business: the headers that name it on the way
/// back (<c>openai-organization</c>, <c>openai-project</c>, <c>anthropic-organization-id</c>) stay at the gateway,
/// on whole answers and on streams, while the provider's other headers reach the client.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ProviderAccountHeaderTests(GoldenGatewayFixture fixture)
{
    private static readonly Dictionary<string, string> AccountHeaders = new()
    {
        ["openai-organization"] = "org-operator-account",
        ["openai-project"] = "proj_operator",
        ["anthropic-organization-id"] = "8c4e6f0a-operator",
        ["x-request-id"] = "req_from_the_provider",
    };

    [Theory]
    [InlineData("openai/chat-completion.json", "v1/chat/completions", """{"model":"o4-mini","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("openai/chat-stream-include-usage.sse", "v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic/message.json", "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}""")]
    public async Task Headers_naming_the_providers_account_do_not_reach_the_client(string golden, string path, string body)
    {
        var call = await fixture.CallAsync(new GoldenResponse(golden) { Headers = AccountHeaders }, path, body);

        Assert.Equal(200, call.Status);
        Assert.Null(call.Header("openai-organization"));
        Assert.Null(call.Header("openai-project"));
        Assert.Null(call.Header("anthropic-organization-id"));
        Assert.Equal("req_from_the_provider", call.Header("x-request-id"));
    }
}
