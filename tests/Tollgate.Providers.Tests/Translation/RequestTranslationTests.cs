using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Providers.Translation;

namespace Tollgate.Providers.Tests.Translation;

/// <summary>Requests of one protocol written in the other's: every field the translation claims, and what it refuses.</summary>
public sealed class RequestTranslationTests
{
    private const string ChatWithTools = """
        {"model":"gpt-4.1","messages":[
          {"role":"system","content":"You are terse."},
          {"role":"developer","content":[{"type":"text","text":"Answer in English."}]},
          {"role":"user","content":[{"type":"text","text":"What is in this picture, and the weather?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
            {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Bergen\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"Sunny"},
          {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"Rain"}]},
          {"role":"user","content":"Thanks."}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
         "tool_choice":"required","parallel_tool_calls":false,"stop":"END","temperature":1.6,"top_p":0.9,"seed":7,"user":"u-1",
         "stream":true,"stream_options":{"include_usage":true}}
        """;

    [Fact]
    public void A_chat_request_becomes_an_anthropic_request_with_system_tools_and_merged_tool_results()
    {
        using var document = Translated.Request(TranslationRoute.ChatToMessages, ChatWithTools);
        var body = document.RootElement;

        Assert.Equal("claude-sonnet-4-5", body.GetProperty("model").GetString());
        Assert.Equal(64000, body.GetProperty("max_tokens").GetInt64());
        Assert.Equal(["You are terse.", "Answer in English."], body.GetProperty("system").EnumerateArray().Select(block => block.GetProperty("text").GetString()));
        var turns = body.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], turns.EnumerateArray().Select(turn => turn.GetProperty("role").GetString()));
        var image = turns[0].GetProperty("content")[1].GetProperty("source");
        Assert.Equal(("base64", "image/png", "iVBORw0KGgo="), (image.GetProperty("type").GetString(), image.GetProperty("media_type").GetString(), image.GetProperty("data").GetString()));
        var calls = turns[1].GetProperty("content");
        Assert.Equal("Bergen", calls[1].GetProperty("input").GetProperty("city").GetString());
        Assert.Equal("call_2", calls[1].GetProperty("id").GetString());

        // Both tool results and the user's text after them: one user turn, as Anthropic requires.
        var results = turns[2].GetProperty("content");
        Assert.Equal(["tool_result", "tool_result", "text"], results.EnumerateArray().Select(block => block.GetProperty("type").GetString()));
        Assert.Equal("Sunny", results[0].GetProperty("content").GetString());
        Assert.Equal("Rain", results[1].GetProperty("content")[0].GetProperty("text").GetString());

        Assert.Equal("Weather", body.GetProperty("tools")[0].GetProperty("description").GetString());
        Assert.Equal("object", body.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("type").GetString());
        Assert.Equal("any", body.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.True(body.GetProperty("tool_choice").GetProperty("disable_parallel_tool_use").GetBoolean());
        Assert.Equal(["END"], body.GetProperty("stop_sequences").EnumerateArray().Select(stop => stop.GetString()));
        Assert.Equal(1, body.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble());
        Assert.Equal("u-1", body.GetProperty("metadata").GetProperty("user_id").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.False(body.TryGetProperty("seed", out _));
        Assert.False(body.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void The_clients_own_output_limit_wins_over_the_models_maximum()
    {
        using var document = Translated.Request(TranslationRoute.ChatToMessages, """{"model":"x","max_completion_tokens":120,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(120, document.RootElement.GetProperty("max_tokens").GetInt64());
    }

    [Fact]
    public void An_anthropic_request_becomes_a_chat_request_with_tool_results_before_the_users_text()
    {
        const string json = """
            {"model":"claude-sonnet-4-5","max_tokens":300,"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Look"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny"},{"type":"text","text":"And tomorrow?"}]}],
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "stop_sequences":["END"],"temperature":0.2,"top_k":5,"metadata":{"user_id":"u-2"},"stream":true}
            """;

        using var document = Translated.Request(TranslationRoute.MessagesToChat, json, model: "gpt-4.1-mini");
        var body = document.RootElement;
        var messages = body.GetProperty("messages");

        Assert.Equal("gpt-4.1-mini", body.GetProperty("model").GetString());
        Assert.Equal(["system", "user", "assistant", "tool", "user"], messages.EnumerateArray().Select(message => message.GetProperty("role").GetString()));
        Assert.Equal("Be brief.", messages[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("data:image/jpeg;base64,/9j/4AAQ", messages[1].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("Checking.", messages[2].GetProperty("content")[0].GetProperty("text").GetString());
        var call = messages[2].GetProperty("tool_calls")[0];
        Assert.Equal("toolu_1", call.GetProperty("id").GetString());
        Assert.Equal("Oslo", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal("toolu_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("And tomorrow?", messages[4].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(300, body.GetProperty("max_completion_tokens").GetInt64());
        Assert.Equal("required", body.GetProperty("tool_choice").GetString());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(["END"], body.GetProperty("stop").EnumerateArray().Select(stop => stop.GetString()));
        Assert.Equal("u-2", body.GetProperty("user").GetString());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.False(body.TryGetProperty("top_k", out _));
    }

    [Fact]
    public void A_responses_request_becomes_an_anthropic_request_with_instructions_and_function_items()
    {
        const string json = """
            {"model":"gpt-4.1","instructions":"Be brief.","max_output_tokens":200,
             "input":[
               {"role":"user","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://example.com/a.png"}]},
               {"type":"function_call","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},
               {"type":"function_call_output","call_id":"call_9","output":"Sunny"}],
             "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{}}}],
             "tool_choice":{"type":"function","name":"get_weather"}}
            """;

        using var document = Translated.Request(TranslationRoute.ResponsesToMessages, json);
        var body = document.RootElement;
        var turns = body.GetProperty("messages");

        Assert.Equal("Be brief.", body.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal(200, body.GetProperty("max_tokens").GetInt64());
        Assert.Equal("url", turns[0].GetProperty("content")[1].GetProperty("source").GetProperty("type").GetString());
        Assert.Equal("tool_use", turns[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("call_9", turns[2].GetProperty("content")[0].GetProperty("tool_use_id").GetString());
        Assert.Equal(("tool", "get_weather"), (body.GetProperty("tool_choice").GetProperty("type").GetString(), body.GetProperty("tool_choice").GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("ChatToMessages", """{"model":"x","n":2,"messages":[{"role":"user","content":"Hi"}]}""", "n above 1")]
    [InlineData("ChatToMessages", """{"model":"x","response_format":{"type":"json_schema","json_schema":{}},"messages":[{"role":"user","content":"Hi"}]}""", "json_schema")]
    [InlineData("ChatToMessages", """{"model":"x","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}""", "not valid JSON")]
    [InlineData("ResponsesToMessages", """{"model":"x","input":"Hi","previous_response_id":"resp_1"}""", "previous_response_id")]
    [InlineData("ResponsesToMessages", """{"model":"x","input":"Hi","store":true}""", "store: true")]
    [InlineData("ResponsesToMessages", """{"model":"x","input":"Hi","background":true}""", "background")]
    [InlineData("ResponsesToMessages", """{"model":"x","input":"Hi","tools":[{"type":"web_search"}]}""", "web_search")]
    [InlineData("MessagesToChat", """{"model":"x","max_tokens":5,"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}""", "web_search_20250305")]
    public void What_the_other_protocol_cannot_carry_is_refused_with_the_reason(string route, string json, string named)
    {
        Assert.Contains(named, Translated.Refusal(Enum.Parse<TranslationRoute>(route), json), StringComparison.Ordinal);
    }

    [Fact]
    public void An_anthropic_request_without_an_output_limit_or_a_catalog_maximum_is_refused()
    {
        var body = RequestTranslation.Translate(TranslationRoute.ChatToMessages, """{"model":"x","messages":[{"role":"user","content":"Hi"}]}"""u8.ToArray(), "claude-new", null, out _, out var refusal);

        Assert.Null(body);
        Assert.Contains("max_tokens", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, WireProtocol.Anthropic, "ChatToMessages")]
    [InlineData(WireProtocol.Anthropic, ExchangeOperation.Messages, WireProtocol.OpenAI, "MessagesToChat")]
    [InlineData(WireProtocol.OpenAI, ExchangeOperation.Responses, WireProtocol.Anthropic, "ResponsesToMessages")]
    [InlineData(WireProtocol.OpenAI, ExchangeOperation.Embeddings, WireProtocol.Anthropic, null)]
    [InlineData(WireProtocol.Anthropic, ExchangeOperation.CountTokens, WireProtocol.OpenAI, null)]
    [InlineData(WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, WireProtocol.OpenAI, null)]
    public void Only_chat_messages_and_responses_cross_families(WireProtocol client, ExchangeOperation operation, WireProtocol served, string? route)
    {
        Assert.Equal(route, RequestTranslation.RouteFor(client, operation, served)?.ToString());
    }
}
