namespace Tollgate.Core.Limits;

/// <summary>
/// One allowance a store keeps: a rule's limit in one unit for one scope value (one key, one user …), refilled evenly
/// over the minute (GCRA). Two buckets are the same allowance when <see cref="Rule"/> and <see cref="Value"/> are equal;
/// the limits travel with each request, so a changed limit applies to the allowance already used.
/// </summary>
/// <param name="Rule">The rule and unit, e.g. <c>feature=summaries/tokens</c>; fixed for a rule as configured.</param>
/// <param name="Value">The scope value the allowance belongs to (a key's name …), or empty for a rule shared by all its requests.</param>
/// <param name="Unit">What the amounts count.</param>
/// <param name="PerMinute">How many units a minute the allowance refills; at least 1.</param>
/// <param name="Burst">How many units may be used at once from a full allowance; at least 1, the per-minute amount by default.</param>
public readonly record struct RateLimitBucket(string Rule, string Value, RateLimitUnit Unit, long PerMinute, long Burst)
{
    /// <summary>A bucket whose burst is its per-minute amount.</summary>
    public RateLimitBucket(string rule, string value, RateLimitUnit unit, long perMinute)
        : this(rule, value, unit, perMinute, perMinute)
    {
    }
}
