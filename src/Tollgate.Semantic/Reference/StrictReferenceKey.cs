using System.Collections.Frozen;
using System.Text;

namespace Tollgate.Semantic.Reference;

/// <summary>
/// The strict reference a semantic cache is judged against: a cache keyed by the prompt's normalised content-word
/// sequence. Words are the runs of letters, digits and apostrophes; each is lower-cased and loses one ending of
/// <c>ing</c>, <c>ed</c>, <c>es</c>, <c>s</c> or <c>ly</c> (tried in that order) when the word is longer than the
/// ending plus 3; then the filler words are dropped. The key is the remaining words in order, so question words,
/// negations, numbers and names are kept.
/// </summary>
public static class StrictReferenceKey
{
    private static readonly string[] Endings = ["ing", "ed", "es", "s", "ly"];

    /// <summary>The words dropped after the endings are stripped.</summary>
    public static FrozenSet<string> FillerWords { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "do", "does", "did", "of", "in", "on", "at", "to",
        "for", "from", "by", "with", "about", "as", "and", "or", "but", "if", "then", "than", "that", "this", "these",
        "those", "it", "its", "i", "you", "he", "she", "we", "they", "my", "your", "our", "their", "me", "him", "her",
        "us", "them", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "there", "here",
        "have", "has", "had", "some", "any", "all", "please",
    ]);

    /// <summary>The key of <paramref name="prompt"/>: its kept words, in order, separated by single spaces.</summary>
    public static string Of(string prompt) => string.Join(' ', Words(prompt));

    /// <summary>The kept words of <paramref name="prompt"/>, in order.</summary>
    public static List<string> Words(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var character in prompt)
        {
            if (IsWordCharacter(character))
            {
                word.Append(char.ToLowerInvariant(character));
                continue;
            }

            Keep(word, words);
        }

        Keep(word, words);
        return words;
    }

    /// <summary>Letters, digits and apostrophes (straight or typographic) make words.</summary>
    public static bool IsWordCharacter(char character) => char.IsLetterOrDigit(character) || character is '\'' or '\u2019';

    /// <summary><paramref name="word"/> (lower-case) without the first of its endings that it is long enough to lose.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var ending in Endings)
        {
            if (word.Length > ending.Length + 3 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    private static void Keep(StringBuilder word, List<string> words)
    {
        if (word.Length == 0)
        {
            return;
        }

        var stem = Stem(word.ToString());
        word.Clear();
        if (!FillerWords.Contains(stem))
        {
            words.Add(stem);
        }
    }
}
