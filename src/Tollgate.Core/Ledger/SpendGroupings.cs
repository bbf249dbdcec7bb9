namespace Tollgate.Core.Ledger;

/// <summary>The names of the spend groupings, as <c>group_by</c> takes them and the spend report repeats them.</summary>
public static class SpendGroupings
{
    private static readonly string[] Names = ["feature", "user", "model", "key", "team", "lever"];

    /// <summary>Every grouping's name, in <see cref="SpendGrouping"/> order.</summary>
    public static IReadOnlyList<string> All => Names;

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
}
