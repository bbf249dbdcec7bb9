namespace Tollgate.Core.Pipeline;

/// <summary>
/// The one order of the stages. <c>identify</c> comes first, so a caller it refuses is no ledger row (a request nobody
/// can be charged for is counted, not recorded); <c>settle</c> comes next because it wraps all the others: whatever
/// happens further in, it leaves exactly one settled ledger row. Each lever inserts its stage at its place by name.
/// </summary>
public static class StageOrder
{
    /// <summary>Every stage name, outermost first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["identify", "settle", "classify", "guard", "cache", "coalesce", "route", "shape", "reserve", "call"];

    /// <summary>The place of the stage called <paramref name="name"/>, or -1 when no stage has that name.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
