using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Tests.Caching;

public sealed class CacheKeyTests
{
    private static readonly CacheKeyContext s_chat =
        new(CacheKeyScope.Team, "team-a", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, null, "policy-1");

    private const string ChatBody =
        """{"model":"gpt-4o","messages":[{"role":"user","content":"Classify: great product"}],"temperature":0}""";

    private const string MessagesBody =
        """{"model":"claude-sonnet-4","max_tokens":100,"messages":[{"role":"user","content":"Classify"}],"temperature":0}""";

    private const string ResponsesBody = """{"model":"gpt-4o","input":"Classify: great product","temperature":0}""";

    private static CacheKey KeyOf(string body, CacheKeyContext? context = null)
    {
        var result = CacheKey.Compute(Encoding.UTF8.GetBytes(body), context ?? s_chat);
        Assert.True(result.IsComputed, result.Reason);
        return result.Key;
    }

    private static CacheKeyContext ContextFor(string protocol) => protocol switch
    {
        "chat" => s_chat,
        "messages" => s_chat with { Protocol = WireProtocol.Anthropic, Operation = ExchangeOperation.Messages },
        _ => s_chat with { Operation = ExchangeOperation.Responses },
    };

    private static string BodyFor(string protocol) => protocol switch
    {
        "chat" => ChatBody,
        "messages" => MessagesBody,
        _ => ResponsesBody,
    };

    private static string WithMember(string body, string name, string json)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node[name] = JsonNode.Parse(json);
        return node.ToJsonString();
    }

    [Fact]
    public void Member_order_and_whitespace_do_not_change_the_key()
    {
        var reordered = """
            {
              "temperature" : 0,
              "messages" : [ { "content" : "Classify: great product", "role" : "user" } ],
              "model" : "gpt-4o"
            }
            """;

        Assert.Equal(KeyOf(ChatBody), KeyOf(reordered));
    }

    [Theory]
    [InlineData("0", "0.0")]
    [InlineData("0", "0e0")]
    [InlineData("0", "-0")]
    [InlineData("0", "0.000E+12")]
    [InlineData("1", "1.0")]
    [InlineData("1", "10e-1")]
    [InlineData("1", "0.1E1")]
    [InlineData("100", "1e2")]
    [InlineData("0.25", "25e-2")]
    [InlineData("-1.5", "-15E-1")]
    public void Numbers_written_differently_with_one_value_share_a_key(string one, string other)
    {
        Assert.Equal(KeyOf(WithMember(ChatBody, "top_p", one)), KeyOf(WithMember(ChatBody, "top_p", other)));
    }

    [Theory]
    [InlineData("1", "1.0000000000000000001")]
    [InlineData("0.1", "0.10000000000000001")]
    [InlineData("1", "-1")]
    [InlineData("10", "1")]
    [InlineData("1", "\"1\"")]
    public void Numbers_with_different_values_give_different_keys(string one, string other)
    {
        Assert.NotEqual(KeyOf(WithMember(ChatBody, "top_p", one)), KeyOf(WithMember(ChatBody, "top_p", other)));
    }

    [Theory]
    [InlineData("""{"s":"caf\u00e9"}""", """{"s":"café"}""")]
    [InlineData("""{"s":"a\/b"}""", """{"s":"a/b"}""")]
    [InlineData("""{"s":"\u0041"}""", """{"s":"A"}""")]
    [InlineData("""{"s":"line\nbreak"}""", """{"s":"line\u000abreak"}""")]
    [InlineData("""{"\u0073":1}""", """{"s":1}""")]
    public void Strings_escaped_differently_share_a_key(string one, string other)
    {
        Assert.Equal(KeyOf(one), KeyOf(other));
    }

    [Theory]
    [InlineData("chat", "model", "\"gpt-4o-mini\"")]
    [InlineData("chat", "messages", """[{"role":"user","content":"Classify: bad product"}]""")]
    [InlineData("chat", "tools", """[{"type":"function","function":{"name":"f"}}]""")]
    [InlineData("chat", "tool_choice", "\"none\"")]
    [InlineData("chat", "response_format", """{"type":"json_object"}""")]
    [InlineData("chat", "temperature", "0.5")]
    [InlineData("chat", "top_p", "0.9")]
    [InlineData("chat", "max_tokens", "50")]
    [InlineData("chat", "stop", """["\n"]""")]
    [InlineData("chat", "seed", "7")]
    [InlineData("chat", "n", "2")]
    [InlineData("chat", "an_unknown_field", "true")]
    [InlineData("messages", "model", "\"claude-haiku-4\"")]
    [InlineData("messages", "messages", """[{"role":"user","content":"Summarise"}]""")]
    [InlineData("messages", "system", "\"Answer in French.\"")]
    [InlineData("messages", "tools", """[{"name":"f","input_schema":{"type":"object"}}]""")]
    [InlineData("messages", "tool_choice", """{"type":"any"}""")]
    [InlineData("messages", "temperature", "1")]
    [InlineData("messages", "top_p", "0.5")]
    [InlineData("messages", "top_k", "1")]
    [InlineData("messages", "max_tokens", "200")]
    [InlineData("messages", "stop_sequences", """["END"]""")]
    [InlineData("messages", "an_unknown_field", "{}")]
    [InlineData("responses", "model", "\"gpt-4o-mini\"")]
    [InlineData("responses", "input", "\"Classify: bad product\"")]
    [InlineData("responses", "instructions", "\"Answer in French.\"")]
    [InlineData("responses", "text", """{"format":{"type":"json_object"}}""")]
    [InlineData("responses", "reasoning", """{"effort":"high"}""")]
    [InlineData("responses", "previous_response_id", "\"resp_123\"")]
    [InlineData("responses", "tools", """[{"type":"web_search"}]""")]
    [InlineData("responses", "temperature", "0.7")]
    [InlineData("responses", "max_output_tokens", "16")]
    [InlineData("responses", "store", "false")]
    [InlineData("responses", "an_unknown_field", "null")]
    public void Each_field_that_shapes_the_answer_changes_the_key(string protocol, string field, string json)
    {
        var context = ContextFor(protocol);
        var body = BodyFor(protocol);

        Assert.NotEqual(KeyOf(body, context), KeyOf(WithMember(body, field, json), context));
    }

    [Theory]
    [InlineData("chat", "stream", "true")]
    [InlineData("chat", "stream_options", """{"include_usage":true}""")]
    [InlineData("chat", "user", "\"user-42\"")]
    [InlineData("chat", "metadata", """{"trace":"abc"}""")]
    [InlineData("messages", "stream", "true")]
    [InlineData("messages", "metadata", """{"user_id":"u-1"}""")]
    [InlineData("responses", "stream", "true")]
    [InlineData("responses", "stream_options", """{"include_obfuscation":false}""")]
    [InlineData("responses", "user", "\"user-42\"")]
    [InlineData("responses", "metadata", """{"trace":"abc"}""")]
    public void Fields_that_do_not_shape_the_answer_leave_the_key_alone(string protocol, string field, string json)
    {
        var context = ContextFor(protocol);
        var body = BodyFor(protocol);

        Assert.Equal(KeyOf(body, context), KeyOf(WithMember(body, field, json), context));
    }

    [Fact]
    public void A_streaming_request_and_the_same_request_without_streaming_share_a_key()
    {
        var streaming = """{"stream":true,"stream_options":{"include_usage":true},"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"Classify: great product"}]}""";

        Assert.Equal(KeyOf(ChatBody), KeyOf(streaming));
    }

    [Fact]
    public void A_member_named_like_an_excluded_one_counts_when_it_is_nested()
    {
        var one = """{"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"user":{"type":"string"}}}}}]}""";
        var other = """{"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{}}}}]}""";

        Assert.NotEqual(KeyOf(one), KeyOf(other));
    }

    [Fact]
    public void Repeated_member_names_keep_their_order_because_the_last_one_wins()
    {
        Assert.NotEqual(KeyOf("""{"temperature":0,"temperature":1}"""), KeyOf("""{"temperature":1,"temperature":0}"""));
    }

    public static TheoryData<CacheKeyContext> OtherContexts() =>
    [
        s_chat with { ScopeValue = "team-b" },
        s_chat with { Scope = CacheKeyScope.Key },
        s_chat with { Scope = CacheKeyScope.Global },
        s_chat with { Protocol = WireProtocol.Anthropic },
        s_chat with { Operation = ExchangeOperation.Responses },
        s_chat with { PromptVersion = "v2" },
        s_chat with { PolicyFingerprint = "policy-2" },
        s_chat with { PolicyFingerprint = null },
    ];

    [Theory]
    [MemberData(nameof(OtherContexts))]
    public void A_different_scope_protocol_operation_prompt_version_or_policy_gives_a_different_key(CacheKeyContext other)
    {
        Assert.NotEqual(KeyOf(ChatBody), KeyOf(ChatBody, other));
    }

    [Fact]
    public void A_global_entry_is_shared_whatever_the_scope_value()
    {
        var global = s_chat with { Scope = CacheKeyScope.Global };

        Assert.Equal(KeyOf(ChatBody, global with { ScopeValue = "team-a" }), KeyOf(ChatBody, global with { ScopeValue = "team-b" }));
    }

    [Fact]
    public void A_prompt_version_and_a_scope_value_cannot_stand_in_for_each_other()
    {
        var one = s_chat with { ScopeValue = "team-av1", PromptVersion = null };
        var other = s_chat with { ScopeValue = "team-a", PromptVersion = "v1" };

        Assert.NotEqual(KeyOf(ChatBody, one), KeyOf(ChatBody, other));
    }

    [Fact]
    public void Deeply_nested_bodies_get_a_key_independent_of_member_order()
    {
        const int depth = 200;
        var one = new StringBuilder("{\"model\":\"m\",\"x\":");
        var other = new StringBuilder("{\"x\":");
        for (var i = 0; i < depth; i++)
        {
            one.Append("{\"a\":1,\"b\":");
            other.Append("{\"b\":");
        }
        one.Append("null");
        other.Append("null");
        for (var i = 0; i < depth; i++)
        {
            one.Append('}');
            other.Append(",\"a\":1.0}");
        }
        one.Append('}');
        other.Append(",\"model\":\"m\"}");

        Assert.Equal(KeyOf(one.ToString()), KeyOf(other.ToString()));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_reported_as_invalid()
    {
        var body = new string('[', CacheKeyCanonicalForm.MaxDepth + 1) + new string(']', CacheKeyCanonicalForm.MaxDepth + 1);

        var result = CacheKey.Compute(Encoding.UTF8.GetBytes("{\"a\":" + body + "}"), s_chat);

        Assert.Equal(CacheKeyStatus.InvalidJson, result.Status);
    }

    [Fact]
    public void A_large_body_gets_a_key_and_one_changed_character_changes_it()
    {
        var messages = new JsonArray();
        for (var i = 0; i < 20_000; i++)
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = $"message {i} with some text to make it longer" });
        var body = new JsonObject { ["model"] = "gpt-4o", ["messages"] = messages }.ToJsonString();
        Assert.True(body.Length > 1_000_000);

        var changed = body.Replace("message 19999 with", "message 19999 wiTh", StringComparison.Ordinal);

        Assert.NotEqual(KeyOf(body), KeyOf(changed));
        Assert.Equal(KeyOf(body), KeyOf(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":1e99999999999}""")]
    [InlineData("""{"a":nul}""")]
    public void Invalid_json_is_reported_and_not_thrown(string body)
    {
        var result = CacheKey.Compute(Encoding.UTF8.GetBytes(body), s_chat);

        Assert.Equal(CacheKeyStatus.InvalidJson, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","input":"hi","conversation":"conv_123"}""")]
    [InlineData("""{"model":"gpt-4o","input":"hi","conversation":{"id":"conv_123"}}""")]
    [InlineData("""{"model":"gpt-4o","input":"hi","background":true}""")]
    public void A_responses_request_naming_a_conversation_or_asking_for_background_is_never_cached(string body)
    {
        var result = CacheKey.Compute(Encoding.UTF8.GetBytes(body), ContextFor("responses"));

        Assert.Equal(CacheKeyStatus.NeverCached, result.Status);
    }

    [Fact]
    public void A_responses_request_without_background_or_conversation_gets_a_key()
    {
        var body = """{"model":"gpt-4o","input":"hi","background":false,"conversation":null}""";

        Assert.True(CacheKey.Compute(Encoding.UTF8.GetBytes(body), ContextFor("responses")).IsComputed);
    }

    [Fact]
    public void The_key_prints_as_64_lower_case_hex_digits()
    {
        var text = KeyOf(ChatBody).ToString();

        Assert.Matches("^[0-9a-f]{64}$", text);
    }
}
