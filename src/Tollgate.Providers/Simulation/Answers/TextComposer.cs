using System.Text;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.Answers;

/// <summary>
/// Builds the text answer for a prompt seed: two to five sentences from <see cref="SentenceBank"/>,
/// cut to at most <c>max_tokens</c> tokens as the model's tokenizer counts them.
/// </summary>
internal static class TextComposer
{
    /// <summary><paramref name="text"/> as an answer, whole (a JSON answer is not cut at a token limit: cut, it would be no answer at all).</summary>
    public static SimulatedText Whole(string? model, string text)
    {
        var counter = TokenCounter.Shared;
        return new SimulatedText(text, counter.Split(model, text), counter.CountText(model, text), Truncated: false);
    }

    public static SimulatedText Compose(ulong seed, string? model, int? maxTokens)
    {
        var random = new SplitMix64(seed);
        var sentences = 2 + random.Next(4);
        var builder = new StringBuilder(256);
        for (var i = 0; i < sentences; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(SentenceBank.Sentences[random.Next(SentenceBank.Sentences.Length)]);
        }

        var text = builder.ToString();
        var counter = TokenCounter.Shared;
        var pieces = counter.Split(model, text);
        var tokens = counter.CountText(model, text);
        if (maxTokens is not { } limit || tokens <= limit)
        {
            return new SimulatedText(text, pieces, tokens, Truncated: false);
        }

        // Keep as many leading pieces as fit; re-count because a scaled tokenizer (Claude) counts more tokens than pieces.
        var keep = Math.Min(pieces.Count, (int)((long)limit * pieces.Count / tokens));
        while (keep > 0)
        {
            var candidate = string.Concat(pieces.Take(keep));
            var count = counter.CountText(model, candidate);
            if (count <= limit)
            {
                return new SimulatedText(candidate, pieces.Take(keep).ToArray(), count, Truncated: true);
            }

            keep--;
        }

        return new SimulatedText(string.Empty, [], 0, Truncated: true);
    }
}
