using System.Text;
using Tollgate.Core.Tokens;

namespace Tollgate.Cli.Samples;

/// <summary>
/// Deterministic filler text of an exact token count (by the model's tokenizer), made of words from a vocabulary in an
/// order drawn from a seed: the same seed gives the same text on every machine.
/// </summary>
internal sealed class SampleText(IReadOnlyList<string> vocabulary, string model)
{
    /// <summary>Text of exactly <paramref name="tokens"/> tokens (fewer only when the vocabulary's words merge at the cut).</summary>
    public string Make(int seed, int tokens)
    {
        if (tokens <= 0)
        {
            return string.Empty;
        }

        var random = new Random(seed);
        var text = new StringBuilder();
        var counted = 0;
        while (counted < tokens)
        {
            // About 12 words a sentence; counting per sentence keeps the tokenizer's work linear.
            var sentence = new StringBuilder();
            var words = 6 + random.Next(12);
            for (var i = 0; i < words; i++)
            {
                var word = vocabulary[random.Next(vocabulary.Count)];
                sentence.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i == words - 1 ? ". " : " ");
            }

            text.Append(sentence);
            counted += TokenCounter.Shared.CountText(model, sentence.ToString());
        }

        var pieces = TokenCounter.Shared.Split(model, text.ToString());
        return string.Concat(pieces.Take(tokens)).TrimEnd();
    }
}
