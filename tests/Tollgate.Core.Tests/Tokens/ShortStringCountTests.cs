using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// Short strings of a request (roles, types, names) are counted once per tokenizer and remembered: a remembered count
/// must be the count of the text itself, for every tokenizer and scale, whatever the string holds.
/// </summary>
public sealed class ShortStringCountTests
{
    private readonly TokenCounter _counter = new();

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData(null)]
    public void A_short_string_counts_as_its_text_counts_the_first_time_and_every_time_after(string? model)
    {
        string[] texts = ["user", "assistant", "x", "", "1234567890123456", "12345678901234567", "tool_use_id:42"];
        foreach (var text in texts)
        {
            var expected = TokenCounter.PerMessageOverhead + _counter.CountText(model, text);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(expected, _counter.EstimateMessage(model, Message(text)));
            }
        }
    }

    [Theory]
    [InlineData("h\\u00e9llo", "héllo")]
    [InlineData("a\\nb", "a\nb")]
    [InlineData("\\\"quoted\\\"", "\"quoted\"")]
    public void A_short_string_with_escapes_counts_as_its_unescaped_text(string json, string text)
    {
        var expected = TokenCounter.PerMessageOverhead + _counter.CountText("gpt-4o", text);

        Assert.Equal(expected, _counter.EstimateMessage("gpt-4o", Parse($$"""{ "role": "{{json}}" }""")));
    }

    [Theory]
    [InlineData("héllo")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 🙂")]
    public void A_short_string_beyond_ascii_counts_as_its_text(string text)
    {
        var expected = TokenCounter.PerMessageOverhead + _counter.CountText("gpt-4o", text);

        Assert.Equal(expected, _counter.EstimateMessage("gpt-4o", Message(text)));
    }

    [Fact]
    public void Models_with_different_tokenizers_do_not_share_remembered_counts()
    {
        // "assistant" is remembered for o200k first; cl100k and Claude's scale must still count it their own way.
        var body = Parse("""{ "messages": [ { "role": "assistant", "content": "ok" } ] }""");
        var o200k = _counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4o", body);
        var cl100k = _counter.EstimateRequestInput(WireProtocol.OpenAI, "gpt-4", body);
        var claude = _counter.EstimateRequestInput(WireProtocol.Anthropic, "claude-sonnet-4-5", body);

        Assert.Equal(TokenCounter.ReplyPriming + TokenCounter.PerMessageOverhead + _counter.CountText("gpt-4o", "assistant") + _counter.CountText("gpt-4o", "ok"), o200k);
        Assert.Equal(TokenCounter.ReplyPriming + TokenCounter.PerMessageOverhead + _counter.CountText("gpt-4", "assistant") + _counter.CountText("gpt-4", "ok"), cl100k);
        Assert.Equal(TokenCounter.ReplyPriming + TokenCounter.PerMessageOverhead + _counter.CountText("claude-sonnet-4-5", "assistant") + _counter.CountText("claude-sonnet-4-5", "ok"), claude);
    }

    // Non-ASCII text stays raw UTF-8 in the body, as most clients send it.
    private static JsonElement Message(string role) =>
        Parse("{ \"role\": \"" + JsonEncodedText.Encode(role, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\" }");

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
