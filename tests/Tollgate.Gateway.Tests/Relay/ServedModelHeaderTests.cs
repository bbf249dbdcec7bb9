using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The served model comes from the provider's answer and goes out in <c>x-tollgate-model</c>, a response header, which
/// cannot carry a control or non-ASCII character. A model name with such characters (here a line break that tries to
/// add a header of its own, a bell and an <c>ñ</c>) must not turn a good answer into a 500 or a cut connection: the
/// header carries the name percent-encoded (UTF-8, as a URL component), the body reaches the client as the provider sent
/// it, and the ledger row keeps the name exactly as the provider sent it.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class ServedModelHeaderTests(GoldenGatewayFixture fixture)
{
    private const string OpenAIServed = "gpt-4o-mini-2024-07-18\r\nx-injected: yes\u0007 ñ";
    private const string AnthropicServed = "claude-sonnet-4-5-20250929\r\nx-injected: yes\u0007 ñ";

    private const string Completion = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";
    private const string OpenAIStream = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Greet everyone in French."}],"stream":true,"stream_options":{"include_usage":true}}""";
    private const string Message = """{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""";
    private const string AnthropicStream = """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""";

    [Theory]
    [InlineData("hostile/openai-chat-completion-unsafe-model.json", "v1/chat/completions", Completion, OpenAIServed)]
    [InlineData("hostile/openai-chat-stream-unsafe-model.sse", "v1/chat/completions", OpenAIStream, OpenAIServed)]
    [InlineData("hostile/anthropic-message-unsafe-model.json", "v1/messages", Message, AnthropicServed)]
    [InlineData("hostile/anthropic-message-stream-unsafe-model.sse", "v1/messages", AnthropicStream, AnthropicServed)]
    public async Task A_served_model_no_header_can_carry_is_sent_percent_encoded_and_recorded_as_sent(string file, string path, string json, string served)
    {
        var call = await fixture.CallAsync(new GoldenResponse(file), path, json);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.True(call.EndedCleanly);
        Assert.Equal(AsRelayed(file, entry.CostUsd), call.Body);
        Assert.Null(call.Header("x-injected"));
        var header = call.Header("x-tollgate-model");
        Assert.NotNull(header);
        Assert.Equal(served[..served.IndexOf('\r', StringComparison.Ordinal)] + "%0D%0Ax-injected%3A%20yes%07%20%C3%B1", header);
        Assert.Equal(served, Uri.UnescapeDataString(header));

        Assert.Equal(served, entry.ServedModel);
        Assert.Equal(200, entry.Status);
    }

    /// <summary>The provider's bytes as the client gets them: a stream gains the cost comment before its last event.</summary>
    private static byte[] AsRelayed(string file, decimal? cost) =>
        file.EndsWith(".sse", StringComparison.Ordinal) ? CostComments.Insert(GoldenFiles.Read(file), cost) : GoldenFiles.Read(file);
}
