using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// Longer texts are found again among the texts counted lately (<see cref="RecentCounts"/>): a count found there must
/// be the tokenizer's own count of the text, the first time and every time after, for every tokenizer and scale, however
/// many texts pass through the table.
/// </summary>
public sealed class RecentCountTests
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    private readonly TokenCounter _counter = new();

    [Theory]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4")]
    [InlineData("claude-sonnet-4-5")]
    public void Many_more_texts_than_the_table_holds_each_count_as_the_tokenizer_counts_them_every_time(string model)
    {
        // Three times the table's slots, in two passes: the second finds some counts remembered and some replaced.
        var texts = Enumerable.Range(0, 3 * 8192).Select(Sentence).ToArray();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var text in texts)
            {
                Assert.Equal(Expected(model, text), _counter.CountText(model, text));
                Assert.Equal(TokenCounter.PerMessageOverhead + Expected(model, text), _counter.EstimateMessage(model, Message(text)));
            }
        }
    }

    [Theory]
    [InlineData("He said \\\"hello there\\\" and left the room.", "He said \"hello there\" and left the room.")]
    [InlineData("caf\\u00e9 au lait, s'il vous pla\\u00eet", "café au lait, s'il vous plaît")]
    [InlineData("line one\\nline two\\nline three", "line one\nline two\nline three")]
    public void A_long_string_with_escapes_counts_as_its_unescaped_text_whichever_form_comes_first(string json, string text)
    {
        var body = Parse($$"""{ "role": "user", "content": "{{json}}" }""");
        var expected = TokenCounter.PerMessageOverhead + Expected("gpt-4o", "user") + Expected("gpt-4o", text);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(expected, _counter.EstimateMessage("gpt-4o", body));
            Assert.Equal(Expected("gpt-4o", text), _counter.CountText("gpt-4o", text));
        }
    }

    [Fact]
    public void The_same_text_counts_apart_for_each_tokenizer()
    {
        var text = "Summarise the following support ticket in two sentences for the on-call engineer.";

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(O200k.CountTokens(text), _counter.CountText("gpt-4o", text));
            Assert.Equal(Cl100k.CountTokens(text), _counter.CountText("gpt-4", text));
            Assert.Equal((int)Math.Ceiling(O200k.CountTokens(text) * TokenCounter.ClaudeScale), _counter.CountText("claude-sonnet-4-5", text));
        }
    }

    [Fact]
    public void A_remembered_count_is_found_by_its_text_and_seed_only()
    {
        var recent = new RecentCounts();
        var text = Encoding.UTF8.GetBytes("a text long enough to be remembered");

        Assert.False(recent.TryGet(text, 1, out var hash, out _));
        recent.Remember(hash, 9);

        Assert.True(recent.TryGet(text, 1, out _, out var count));
        Assert.Equal(9, count);
        Assert.False(recent.TryGet(text, 2, out _, out _));
        Assert.False(recent.TryGet(Encoding.UTF8.GetBytes("a text long enough to be remembered!"), 1, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 24)]
    [InlineData(int.MaxValue)]
    public void A_count_a_slot_cannot_hold_is_not_remembered(int count)
    {
        var recent = new RecentCounts();
        var text = Encoding.UTF8.GetBytes("a text whose count does not fit");
        recent.TryGet(text, 1, out var hash, out _);

        recent.Remember(hash, count);

        Assert.False(recent.TryGet(text, 1, out _, out _));
    }

    private static int Expected(string model, string text)
    {
        var tokenizer = model.StartsWith("gpt-4o", StringComparison.Ordinal) || model.StartsWith("claude", StringComparison.Ordinal) ? O200k : Cl100k;
        var count = tokenizer.CountTokens(text);
        return model.StartsWith("claude", StringComparison.Ordinal) ? (int)Math.Ceiling(count * TokenCounter.ClaudeScale) : count;
    }

    private static string Sentence(int i) =>
        $"Request {i}: please classify ticket #{i * 7919 % 100003} about {(i % 3 == 0 ? "billing" : i % 3 == 1 ? "a refund" : "login trouble")}, priority {i % 5}.";

    private static JsonElement Message(string content) =>
        Parse("{ \"content\": \"" + JsonEncodedText.Encode(content, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\" }");

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
