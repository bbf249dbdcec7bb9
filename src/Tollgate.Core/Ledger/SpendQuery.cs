namespace Tollgate.Core.Ledger;

/// <summary>What a spend report covers: settled rows whose request arrived in [<paramref name="From"/>, <paramref name="To"/>), grouped as asked.</summary>
/// <param name="GroupBy">How the rows are grouped.</param>
/// <param name="From">The first arrival time counted; null for the whole ledger up to <paramref name="To"/>.</param>
/// <param name="To">The end of the period, not included: usually the time of the report.</param>
public sealed record SpendQuery(SpendGrouping GroupBy, DateTimeOffset? From, DateTimeOffset To)
{
    /// <summary>The tag whose values group the rows, lower-case, when <see cref="GroupBy"/> is <see cref="SpendGrouping.Tag"/>; null otherwise.</summary>
    public string? TagKey { get; init; }

    /// <summary>A report grouped by the values of the tag <paramref name="tagKey"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="tagKey"/> is no valid tag key.</exception>
    public static SpendQuery ByTag(string tagKey, DateTimeOffset? from, DateTimeOffset to) =>
        Identity.RequestTags.IsValidKey(tagKey)
            ? new SpendQuery(SpendGrouping.Tag, from, to) { TagKey = tagKey.ToLowerInvariant() }
            : throw new ArgumentException($"'{tagKey}' is not a tag key.", nameof(tagKey));

    /// <summary>The grouping as <c>group_by</c> names it and the report repeats it: <c>feature</c>, <c>tag:project</c> ….</summary>
    public string GroupName => GroupBy == SpendGrouping.Tag ? SpendGroupings.TagPrefix + TagKey : SpendGroupings.Name(GroupBy);
}
