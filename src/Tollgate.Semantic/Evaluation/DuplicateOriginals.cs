using Tollgate.Semantic.Guards;
using Tollgate.Semantic.Reference;

namespace Tollgate.Semantic.Evaluation;

/// <summary>
/// GPTCache's mock data lists some statements more than once under different wordings as separate originals ("The
/// `rename_columns` method creates a new table…" and "…is used to create a new table…"), so a paraphrase answered by
/// its original's twin is counted a false hit though the answer is the same. This tells such twins apart from
/// different statements without the embedder under test: two originals are twins when they name the same things
/// (the same names, quoted identifiers and numbers, as <see cref="PromptFacts"/> reads them) and at least <see cref="Overlap"/> of the smaller one's content words (as the strict reference keys them) are in
/// the other. "`rename_columns` creates a new table…" and "`remove_column` creates a new table…" share most words but
/// not their identifiers, so they are not twins.
/// </summary>
public static class DuplicateOriginals
{
    /// <summary>The share of content words two originals must have in common to count as one statement.</summary>
    public const double Overlap = 0.6;

    /// <summary>Whether <paramref name="first"/> and <paramref name="second"/> state the same thing in nearly the same words.</summary>
    public static bool Are(string first, string second)
    {
        var a = StrictReferenceKey.Words(first).ToHashSet(StringComparer.Ordinal);
        var b = StrictReferenceKey.Words(second).ToHashSet(StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var shared = a.Count(b.Contains);
        if (shared < Overlap * Math.Min(a.Count, b.Count))
        {
            return false;
        }

        // Wording may differ ("with the column removed" / "without the column"); what is named may not.
        var left = PromptFacts.Of(first);
        var right = PromptFacts.Of(second);
        return left.Quoted.SetEquals(right.Quoted) && left.Quantities.SetEquals(right.Quantities)
            && left.Names.All(right.Words.Contains) && right.Names.All(left.Words.Contains);
    }
}
