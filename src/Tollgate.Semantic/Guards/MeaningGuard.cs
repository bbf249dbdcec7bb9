namespace Tollgate.Semantic.Guards;

/// <summary>
/// Decides whether a stored prompt's answer may serve a new prompt that embeds close to it. Sentence embeddings rate
/// "enable two-factor authentication" and "disable …" at 0.88, and "is my card not working abroad" against "is my
/// card working abroad" at 0.94: similarity alone would serve the wrong answer. So a candidate is turned down when the
/// two prompts differ in a meaning-critical element, whatever the similarity.
/// </summary>
public static class MeaningGuard
{
    /// <summary>The first meaning-critical difference between two prompts, or <see cref="MeaningDifference.None"/>.</summary>
    public static MeaningDifference Compare(PromptFacts query, PromptFacts candidate)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        if (query.Negated != candidate.Negated)
        {
            return MeaningDifference.Negation;
        }

        if (!query.Quantities.SetEquals(candidate.Quantities))
        {
            return MeaningDifference.Quantity;
        }

        if (!query.Quoted.SetEquals(candidate.Quoted))
        {
            return MeaningDifference.Quoted;
        }

        if (!NamesAppearIn(query, candidate) || !NamesAppearIn(candidate, query))
        {
            return MeaningDifference.Name;
        }

        if (OppositeSides(query, candidate) || OppositeSides(candidate, query))
        {
            return MeaningDifference.Opposite;
        }

        return SwappedRoles(query, candidate) ? MeaningDifference.Roles : MeaningDifference.None;
    }

    // A name need only appear in the other prompt as a word, in any case: "Apple Pay" and "apple pay" are one name.
    private static bool NamesAppearIn(PromptFacts from, PromptFacts other)
    {
        foreach (var name in from.Names)
        {
            if (!other.Words.Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    // Conflict when the two take different sides of a pair and between them say both: "enable" against "disable" or
    // against "enable … then disable", but not against a prompt that says neither.
    private static bool OppositeSides(PromptFacts from, PromptFacts other)
    {
        foreach (var (pair, sides) in from.Sides)
        {
            var otherSides = other.Sides.GetValueOrDefault(pair);
            if (otherSides != 0 && otherSides != sides && (sides | otherSides) == 3)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SwappedRoles(PromptFacts query, PromptFacts candidate)
    {
        // A word that follows "from" in one and "to" in the other has changed roles.
        foreach (var (word, preposition) in query.Roles)
        {
            if (candidate.Roles.TryGetValue(word, out var other) && !string.Equals(preposition, other, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // The same words in another order ("Alice paid Bob" / "Bob paid Alice") say something else.
        if (query.ContentWords.Count != candidate.ContentWords.Count || query.ContentWords.SequenceEqual(candidate.ContentWords))
        {
            return false;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in query.ContentWords)
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        foreach (var word in candidate.ContentWords)
        {
            if (counts.GetValueOrDefault(word) == 0)
            {
                return false;
            }

            counts[word]--;
        }

        return true;
    }
}
