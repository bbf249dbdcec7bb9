namespace Tollgate.Core.Ledger;

/// <summary>The names of the spend groupings, as <c>group_by</c> takes them and the spend report repeats them.</summary>
public static class SpendGroupings
{
    /// <summary>What <c>group_by</c> starts with to group by a tag's values: <c>tag:project</c>.</summary>
    public const string TagPrefix = "tag:";

    private static readonly string[] Names = ["feature", "user", "model", "key", "team", "lever", "tag"];

    private static readonly string[] Choices = ["feature", "user", "model", "key", "team", "lever", TagPrefix + "KEY"];

    /// <summary>Every grouping's name, in <see cref="SpendGrouping"/> order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>What <c>group_by</c> takes, as an error message lists it: the names, the tag's as <c>tag:KEY</c>.</summary>
    public static IReadOnlyList<string> Accepted => Choices;

    /// <summary>The name of <paramref name="grouping"/>, e.g. <c>feature</c>.</summary>
    public static string Name(SpendGrouping grouping) =>
        (uint)grouping < (uint)Names.Length ? Names[(int)grouping] : throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown spend grouping.");

    /// <summary>The grouping named <paramref name="name"/> (case-insensitive); false when there is none.</summary>
    public static bool TryParse(string? name, out SpendGrouping grouping)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                grouping = (SpendGrouping)i;
                return true;
            }
        }

        grouping = default;
        return false;
    }

    /// <summary>
    /// Reads a <c>group_by</c> value: a grouping's name, or <c>tag:KEY</c> (the key case-insensitive, returned lower-case
    /// in <paramref name="tagKey"/>); false for anything else, <c>tag</c> without a key included.
    /// </summary>
    public static bool TryParse(string? text, out SpendGrouping grouping, out string? tagKey)
    {
        tagKey = null;
        if (text is not null && text.StartsWith(TagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var key = text[TagPrefix.Length..];
            grouping = SpendGrouping.Tag;
            if (!Identity.RequestTags.IsValidKey(key))
            {
                return false;
            }

            tagKey = key.ToLowerInvariant();
            return true;
        }

        return TryParse(text, out grouping) && grouping != SpendGrouping.Tag;
    }
}
