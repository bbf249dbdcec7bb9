using System.Text;
using System.Text.Json;
using Tollgate.Core.Routing;

namespace Tollgate.Core.Tests.Routing;

/// <summary>
/// The complexity classifier on real labelled prompts committed beside this test (Data/NOTICE.md: banking77 queries
/// need the small tier, GSM8K word problems and HumanEval tasks the frontier tier), held to a floor on accuracy and a
/// ceiling on under-tiering, the costly error; and the signals it reads, one by one.
/// </summary>
public sealed class ComplexityClassifierTests
{
    [Fact]
    public void On_the_labelled_sample_it_is_accurate_and_rarely_sends_work_to_a_cheaper_tier()
    {
        var confusion = new TierConfusion();
        var bySource = new Dictionary<string, TierConfusion>();
        foreach (var (source, tier, prompt) in Sample())
        {
            var predicted = confusion.Add(prompt, tier);
            (bySource.TryGetValue(source, out var own) ? own : bySource[source] = new TierConfusion()).Add(tier, predicted);
        }

        Assert.Equal(210, confusion.Total);
        Assert.True(confusion.Accuracy >= 0.95, confusion.ToMarkdown());
        Assert.True(confusion.UnderTierRate <= 0.01, confusion.ToMarkdown());
        Assert.All(bySource, pair => Assert.True(pair.Value.Accuracy >= 0.9, $"{pair.Key}: {pair.Value.ToMarkdown()}"));
    }

    [Theory]
    [InlineData("I am still waiting on my card?", ModelTier.Small)]
    [InlineData("Label the sentiment of this review as positive or negative: the strap broke on day one.", ModelTier.Small)]
    [InlineData("Summarise the attached meeting notes for the board.", ModelTier.Medium)]
    [InlineData("A train leaves at 3 pm at 60 miles per hour. How far has it gone by 5 pm?", ModelTier.Frontier)]
    [InlineData("Explain step by step why the sky is blue.", ModelTier.Frontier)]
    [InlineData("def add(a, b):\n    return a + b\n\nWrite tests for it.", ModelTier.Frontier)]
    public void Each_signal_moves_the_tier(string prompt, ModelTier expected)
    {
        Assert.Equal(expected, ComplexityClassifier.Classify(TierConfusion.ChatBody(prompt).WrittenSpan));
    }

    [Fact]
    public void A_long_prompt_without_other_cues_needs_the_medium_tier()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("The harbour was quiet in the morning and the boats stayed in", 30));

        Assert.Equal(ModelTier.Medium, ComplexityClassifier.Classify(TierConfusion.ChatBody(prompt).WrittenSpan));
    }

    [Fact]
    public void The_scan_reads_the_capabilities_a_request_uses_and_every_protocols_text()
    {
        var chat = PromptScan.Read("""{"model":"auto","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},"tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":[{"type":"text","text":"What is in it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]}]}"""u8);
        var messages = PromptScan.Read("""{"model":"auto","system":"You label tickets.","tools":[],"messages":[{"role":"user","content":"Two cards, 3 pounds each."}]}"""u8);
        var responses = PromptScan.Read("""{"model":"auto","instructions":"Be brief.","input":"Hello there.","text":{"format":{"type":"text"}}}"""u8);

        Assert.Equal(ModelCapabilities.Tools | ModelCapabilities.Vision | ModelCapabilities.JsonMode, chat.Uses);
        Assert.Equal(("What is in it?".Length, 1), (chat.TextBytes, chat.Turns));
        Assert.Equal(ModelCapabilities.None, messages.Uses); // an empty tools list uses none
        Assert.Equal(("You label tickets.Two cards, 3 pounds each.".Length, 1, 1, 2), (messages.TextBytes, messages.Numbers, messages.NumberWords, messages.Sentences));
        Assert.Equal((ModelCapabilities.None, "Be brief.Hello there.".Length), (responses.Uses, responses.TextBytes));
    }

    [Fact]
    public void Escaped_text_is_read_as_the_text_it_stands_for()
    {
        var profile = PromptScan.Read(Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"def f(x):\n    return x\u0021"}]}"""));

        Assert.True(profile.CodeMarkers >= 3, $"{profile.CodeMarkers} code markers");
    }

    private static IEnumerable<(string Source, ModelTier Tier, string Prompt)> Sample()
    {
        using var stream = typeof(ComplexityClassifierTests).Assembly.GetManifestResourceStream("Tollgate.Core.Tests.Routing.classifier-sample.jsonl")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<(string, ModelTier, string)>();
        while (reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            lines.Add((root.GetProperty("source").GetString()!, ModelCatalog.ParseTier(root.GetProperty("tier").GetString())!.Value, root.GetProperty("prompt").GetString()!));
        }

        return lines;
    }
}
