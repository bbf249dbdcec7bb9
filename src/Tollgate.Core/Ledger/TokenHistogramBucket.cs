namespace Tollgate.Core.Ledger;

/// <summary>How many settled requests used between <see cref="MinTokens"/> and <see cref="MaxTokens"/> tokens (input + output).</summary>
public sealed record TokenHistogramBucket
{
    /// <summary>The fewest tokens a request of this bucket used (included).</summary>
    public required long MinTokens { get; init; }

    /// <summary>The bound below which this bucket's requests stay (excluded); null for the last, open-ended bucket.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Settled requests in the bucket.</summary>
    public required long Requests { get; init; }
}
