using System.Text.Json.Serialization;

namespace Tollgate.Core.Ledger;

/// <summary>
/// One upstream attempt, kept beneath its ledger row when the request needed several (a retry, a fallback, a
/// validation re-ask) or its only one failed. The row's cost is the sum of its attempts' costs.
/// </summary>
public sealed record AttemptRecord
{
    /// <summary>1 for the first attempt, counting up in the order they were made.</summary>
    public required int Number { get; init; }

    /// <summary>Provider the attempt went to.</summary>
    public string? Provider { get; init; }

    /// <summary>Model the attempt was priced at: the one the provider reported serving, else the one it was sent with.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// HTTP status the provider answered with; 0 when no answer came (unreachable, timed out, client gone). An answer
    /// that broke off keeps its status, with the error it ended with (<c>upstream_unreachable</c>,
    /// <c>upstream_stream_cut</c>, <c>upstream_timeout</c>).
    /// </summary>
    public int Status { get; init; }

    /// <summary>Error type of a failed attempt.</summary>
    public string? ErrorType { get; init; }

    /// <summary>All prompt tokens, cached and cache-write included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the provider's prompt cache, for any time to live.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>The part of <see cref="CacheWriteTokens"/> written for an hour.</summary>
    [JsonPropertyName("cache_write_1h_tokens")]
    public long CacheWrite1hTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>What the provider billed for this attempt, in USD; null when the model's price is unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Milliseconds from sending the request to the answer's status line, or to the failure.</summary>
    public double LatencyMs { get; init; }
}
