namespace Tollgate.Core.Limits;

/// <summary>What a store answered to <see cref="IRateLimitStore.AcquireAsync"/>.</summary>
public readonly record struct RateLimitDecision
{
    /// <summary>Every demand was taken.</summary>
    public static RateLimitDecision Allowed { get; } = new() { RefusedIndex = -1 };

    /// <summary>Whether every demand was taken; when not, none was.</summary>
    public bool IsAllowed => RefusedIndex < 0;

    /// <summary>The index of the demand that was refused (the one that waits longest), or -1 when all were taken.</summary>
    public int RefusedIndex { get; init; }

    /// <summary>How long until the refused demand would be taken, if nothing else used its allowance meanwhile.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>
    /// Whether the refused demand is larger than its bucket's burst, so that no wait lets it through: the request must
    /// ask for less.
    /// </summary>
    public bool NeverFits { get; init; }

    /// <summary>A refusal of demand <paramref name="index"/>, which may be taken after <paramref name="retryAfter"/>.</summary>
    public static RateLimitDecision Refused(int index, TimeSpan retryAfter) => new() { RefusedIndex = index, RetryAfter = retryAfter };

    /// <summary>A refusal of demand <paramref name="index"/>, larger than its burst: it is never taken.</summary>
    public static RateLimitDecision TooLarge(int index) => new() { RefusedIndex = index, NeverFits = true };
}
