using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// The fields the gateway relies on (<c>model</c>, <c>messages</c>, <c>input</c>, <c>stream</c>, <c>max_tokens</c> /
/// <c>max_completion_tokens</c>) are checked before anything is forwarded: an invalid one gets a 400 worded as the
/// provider would word it, in its error shape, and never reaches the provider.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class RequestValidationTests(GoldenGatewayFixture fixture)
{
    private const string Say = """[{"role":"user","content":"hi"}]""";

    public static TheoryData<string, string, string, string> OpenAIBodies => new()
    {
        // path, body, param, code
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":-5,"messages":""" + Say + "}", "max_tokens", "integer_below_min_value" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_completion_tokens":0,"messages":""" + Say + "}", "max_completion_tokens", "integer_below_min_value" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":"ten","messages":""" + Say + "}", "max_tokens", "invalid_type" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":2147483648,"messages":""" + Say + "}", "max_tokens", "integer_above_max_value" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_completion_tokens":1e3,"messages":""" + Say + "}", "max_completion_tokens", "invalid_type" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":2.5,"messages":""" + Say + "}", "max_tokens", "invalid_type" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","stream":"yes","messages":""" + Say + "}", "stream", "invalid_type" },
        { "v1/chat/completions", """{"model":42,"messages":""" + Say + "}", "model", "invalid_type" },
        { "v1/chat/completions", """{"messages":""" + Say + "}", "model", "missing_required_parameter" },
        { "v1/chat/completions", """{"model":"gpt x\ny","messages":""" + Say + "}", "model", "invalid_value" },
        { "v1/chat/completions", """{"model":"gpt-\u00e9","messages":""" + Say + "}", "model", "invalid_value" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini"}""", "messages", "missing_required_parameter" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","messages":[]}""", "messages", "empty_array" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","messages":"hi"}""", "messages", "invalid_type" },
        { "v1/chat/completions", """{"model":"gpt-4o-mini","messages":["hi"]}""", "messages", "invalid_type" },
        { "v1/embeddings", """{"model":"text-embedding-3-small"}""", "input", "missing_required_parameter" },
        { "v1/embeddings", """{"model":"text-embedding-3-small","input":[]}""", "input", "invalid_value" },
        { "v1/embeddings", """{"model":"text-embedding-3-small","input":""}""", "input", "invalid_value" },
        { "v1/embeddings", """{"input":"hello"}""", "model", "missing_required_parameter" },
    };

    public static TheoryData<string, string, string> AnthropicBodies => new()
    {
        // path, body, message
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":-5,"messages":""" + Say + "}", "max_tokens: Input should be greater than or equal to 1" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":0,"messages":""" + Say + "}", "max_tokens: Input should be greater than or equal to 1" },
        { "v1/messages", """{"model":"claude x\ny","max_tokens":8,"messages":""" + Say + "}", "model: Input should be a model name of printable ASCII characters" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":1.5,"messages":""" + Say + "}", "max_tokens: Input should be a valid integer" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":99999999999,"messages":""" + Say + "}", "max_tokens: Input should be less than or equal to 2147483647" },
        { "v1/messages", """{"model":"claude-haiku-4-5","messages":""" + Say + "}", "max_tokens: Field required" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"stream":"yes","messages":""" + Say + "}", "stream: Input should be a valid boolean" },
        { "v1/messages", """{"max_tokens":10,"messages":""" + Say + "}", "model: Field required" },
        { "v1/messages", """{"model":["claude-haiku-4-5"],"max_tokens":10,"messages":""" + Say + "}", "model: Input should be a valid string" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[]}""", "messages: at least one message is required" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":{"role":"user"}}""", "messages: Input should be a valid list" },
        { "v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[7]}""", "messages.0: Input should be a valid dictionary" },
        { "v1/messages/count_tokens", """{"model":"claude-haiku-4-5"}""", "messages: Field required" },
    };

    [Theory]
    [MemberData(nameof(OpenAIBodies))]
    public async Task An_invalid_openai_field_gets_openais_400_and_never_reaches_the_provider(string path, string body, string param, string code)
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), path, body);

        var error = ErrorOf(call);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Null(fixture.Upstream.ReceivedFor(call.RequestId));
    }

    [Theory]
    [MemberData(nameof(AnthropicBodies))]
    public async Task An_invalid_anthropic_field_gets_anthropics_400_and_never_reaches_the_provider(string path, string body, string message)
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message.json"), path, body);

        var root = JsonDocument.Parse(call.Body).RootElement;
        var error = ErrorOf(call);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Null(fixture.Upstream.ReceivedFor(call.RequestId));
    }

    [Fact]
    public async Task A_negative_max_tokens_is_refused_in_openais_own_words()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":-5,"messages":""" + Say + "}");

        Assert.Equal(
            "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -5 instead.",
            ErrorOf(call).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_max_tokens_beyond_a_32_bit_integer_is_refused_in_openais_own_words()
    {
        var call = await fixture.CallAsync(new GoldenResponse("openai/chat-completion.json"), "v1/chat/completions", """{"model":"gpt-4o-mini","max_tokens":2147483648,"messages":""" + Say + "}");

        Assert.Equal(
            "Invalid 'max_tokens': integer above maximum value. Expected a value <= 2147483647, but got 2147483648 instead.",
            ErrorOf(call).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("v1/chat/completions", "openai/chat-completion.json", """{"model":"gpt-4o-mini","max_tokens":2147483647,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("v1/chat/completions", "openai/chat-completion.json", """{"model":"gpt-4o-mini","max_tokens":1,"stream":false,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("v1/messages", "anthropic/message.json", """{"model":"claude-haiku-4-5","max_tokens":1,"stream":null,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("v1/embeddings", "openai/embeddings.json", """{"model":"text-embedding-3-small","input":["a"]}""")]
    public async Task The_smallest_valid_values_reach_the_provider(string path, string golden, string body)
    {
        var call = await fixture.CallAsync(new GoldenResponse(golden), path, body);

        Assert.Equal(200, call.Status);
        Assert.NotNull(fixture.Upstream.ReceivedFor(call.RequestId));
    }

    private static JsonElement ErrorOf(RelayedCall call)
    {
        Assert.True(call.Status == 400, $"expected 400, got {call.Status}: {System.Text.Encoding.UTF8.GetString(call.Body)}");
        Assert.Equal("application/json", call.Header("Content-Type"));
        return JsonDocument.Parse(call.Body).RootElement.GetProperty("error").Clone();
    }
}
