namespace Tollgate.Core.Ledger;

/// <summary>
/// Tokens per request (input + output) as a distribution over the settled requests of a period: every bucket of
/// <see cref="Edges"/>, empty ones included, smallest first, so histograms of different periods line up.
/// </summary>
public sealed record TokenHistogram
{
    /// <summary>
    /// The lower bounds of the buckets: 0, then powers of two from 64 to 131,072 tokens; the last bucket is open-ended.
    /// </summary>
    public static IReadOnlyList<long> Edges { get; } = [0, 64, 128, 256, 512, 1_024, 2_048, 4_096, 8_192, 16_384, 32_768, 65_536, 131_072];

    /// <summary>The first arrival time counted.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the period, not included.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Every bucket, smallest first.</summary>
    public required IReadOnlyList<TokenHistogramBucket> Buckets { get; init; }
}
