using System.Text.Json.Serialization;
using Tollgate.Core.Identity;

namespace Tollgate.Core.Ledger;

/// <summary>
/// One ledger row: everything Tollgate knows about one request, written once when the request settles.
/// Money is <see langword="decimal"/>; a null cost means the price is unknown, never zero. Two rows are equal when
/// every value is, <see cref="Savings"/> and <see cref="AttemptRecords"/> compared item by item.
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>The <c>x-tollgate-request-id</c> returned to the client.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Name of the virtual key that authenticated the call, if any.</summary>
    public string? KeyName { get; init; }

    /// <summary>End user the call is attributed to.</summary>
    public string? User { get; init; }

    /// <summary>Product feature the call is attributed to.</summary>
    public string? Feature { get; init; }

    /// <summary>Team the call is attributed to.</summary>
    public string? Team { get; init; }

    /// <summary>The request's tags: its key's and those of <c>x-tollgate-tags</c> (<see cref="RequestTags"/>); empty when none.</summary>
    public RequestTags Tags { get; init; } = RequestTags.Empty;

    /// <summary>The route's template, e.g. <c>/v1/chat/completions</c> or <c>/v1/responses/{id}</c> (never the id a call named).</summary>
    public required string Endpoint { get; init; }

    /// <summary>Provider that served the call (<c>openai</c>, <c>anthropic</c>, <c>simulated</c>), or null when none was called.</summary>
    public string? Provider { get; init; }

    /// <summary>Model named in the request.</summary>
    public string? RequestedModel { get; init; }

    /// <summary>Model that actually served, as reported by the provider.</summary>
    public string? ServedModel { get; init; }

    /// <summary>Whether the response was streamed.</summary>
    public bool Stream { get; init; }

    /// <summary>All prompt tokens, cached and cache-write included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the provider's prompt cache, for any time to live.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>The part of <see cref="CacheWriteTokens"/> written for an hour (billed at the 1-hour write price); the rest were written for five minutes.</summary>
    [JsonPropertyName("cache_write_1h_tokens")]
    public long CacheWrite1hTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>What the call cost, in USD; null when the model's price is unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>
    /// What the call would have cost with no Tollgate lever applied, at the list price (before any negotiated
    /// discount); null when unknown.
    /// </summary>
    public decimal? BaselineCostUsd { get; init; }

    /// <summary><c>hit</c>, <c>semantic-hit</c>, <c>coalesced</c>, <c>miss</c> or <c>bypass</c>.</summary>
    public required string CacheStatus { get; init; }

    /// <summary>
    /// The lever that saved the most on this call (cache, route, batch …), or null when none saved anything; every
    /// lever's saving is in <see cref="Savings"/>. Never <see cref="Levers.Discount"/>, which is no lever of Tollgate's.
    /// </summary>
    public string? Lever { get; init; }

    /// <summary>
    /// What each lever saved, in the order the levers acted; empty when none did. A negotiated discount is among them
    /// as <see cref="Levers.Discount"/>. The savings add up to <see cref="BaselineCostUsd"/> minus the cost of the
    /// answer; costs of earlier failed attempts (<see cref="AttemptRecords"/>) come on top of that and are no lever's.
    /// </summary>
    public IReadOnlyList<LeverSaving> Savings { get; init; } = [];

    /// <summary>Task type (<c>x-tollgate-task</c>), when known.</summary>
    public string? TaskType { get; init; }

    /// <summary>Workload class: <c>interactive</c>, <c>deferred</c> or <c>batch</c>.</summary>
    public string WorkloadClass { get; init; } = "interactive";

    /// <summary>Milliseconds from arrival to the last byte handed to the client.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Milliseconds from arrival to the first body byte of a streamed response.</summary>
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>
    /// HTTP status returned to the client; 499 when the client went away first; 0 while the request is
    /// pending (written before the upstream call, so a crash mid-call still leaves a row).
    /// </summary>
    public int Status { get; init; }

    /// <summary>Whether this row is a request still in flight (see <see cref="Status"/>).</summary>
    public bool IsPending => Status == 0 && ErrorType is null;

    /// <summary>Upstream attempts made (0 when no upstream call was made).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Each upstream attempt, in order, when the request needed more than one (retries, fallbacks, re-asks) or its
    /// only one failed (an error status, no answer, an answer that broke off); their costs add up to
    /// <see cref="CostUsd"/>. Empty for a request answered cleanly by its only attempt, or that made none
    /// (<see cref="Attempts"/> tells which): the row itself describes that call, and no record is made up for it.
    /// </summary>
    public IReadOnlyList<AttemptRecord> AttemptRecords { get; init; } = [];

    /// <summary>Error type for a failed call (the provider's error type, or Tollgate's own).</summary>
    public string? ErrorType { get; init; }

    /// <summary>Non-fatal remark, e.g. an unknown price.</summary>
    public string? Warning { get; init; }

    /// <summary>Application feedback on whether the output was usable; null until given.</summary>
    public bool? Usable { get; init; }

    /// <summary>
    /// Whether the answer stopped at an output limit the gateway set (a feature's default <c>max_tokens</c>, or its cap
    /// on the client's): the answer may be cut short because of Tollgate, not because of the client's own limit.
    /// </summary>
    public bool OutputCapped { get; init; }

    /// <summary>
    /// The worst-case cost in USD the request held against its budgets before its call; null when no budget applied.
    /// Written with the pending row, so spend a crashed process left pending still counts against its budgets.
    /// </summary>
    public decimal? ReservedUsd { get; init; }

    /// <summary>The worst-case tokens (input and output) the request held against its budgets; null when no budget applied.</summary>
    public long? ReservedTokens { get; init; }

    /// <summary>
    /// What the row counted against its budgets when that is not <see cref="CostUsd"/>: the baseline of a cache hit or
    /// coalesced waiter charged back to its budgets (<c>Tollgate:Chargeback:CacheHits</c>), which itself cost nothing;
    /// null for every other row, which counts at its cost.
    /// </summary>
    public decimal? ChargedUsd { get; init; }

    /// <summary>The earlier request this one re-asks (<c>x-tollgate-attempt-of</c>); null for a first ask.</summary>
    public string? AttemptOf { get; init; }

    /// <summary>The task the request belongs to: the id of the first request of its chain of re-asks; null for a first ask (its own id is the task's).</summary>
    public string? TaskId { get; init; }

    /// <summary>Whether the answer met the JSON schema the request asked for (<c>x-tollgate-valid</c>); null when there was none, or no complete answer to judge.</summary>
    public bool? Valid { get; init; }

    /// <inheritdoc />
    public bool Equals(LedgerEntry? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (RequestId == other.RequestId
                && Timestamp.Equals(other.Timestamp)
                && KeyName == other.KeyName
                && User == other.User
                && Feature == other.Feature
                && Team == other.Team
                && Tags.Equals(other.Tags)
                && Endpoint == other.Endpoint
                && Provider == other.Provider
                && RequestedModel == other.RequestedModel
                && ServedModel == other.ServedModel
                && Stream == other.Stream
                && InputTokens == other.InputTokens
                && CachedInputTokens == other.CachedInputTokens
                && CacheWriteTokens == other.CacheWriteTokens
                && CacheWrite1hTokens == other.CacheWrite1hTokens
                && OutputTokens == other.OutputTokens
                && CostUsd == other.CostUsd
                && BaselineCostUsd == other.BaselineCostUsd
                && CacheStatus == other.CacheStatus
                && Lever == other.Lever
                && SameItems(Savings, other.Savings)
                && TaskType == other.TaskType
                && WorkloadClass == other.WorkloadClass
                && LatencyMs.Equals(other.LatencyMs)
                && Nullable.Equals(TimeToFirstTokenMs, other.TimeToFirstTokenMs)
                && Status == other.Status
                && Attempts == other.Attempts
                && SameItems(AttemptRecords, other.AttemptRecords)
                && ErrorType == other.ErrorType
                && Warning == other.Warning
                && Usable == other.Usable
                && OutputCapped == other.OutputCapped
                && ReservedUsd == other.ReservedUsd
                && ReservedTokens == other.ReservedTokens
                && ChargedUsd == other.ChargedUsd
                && AttemptOf == other.AttemptOf
                && TaskId == other.TaskId
                && Valid == other.Valid));

    /// <inheritdoc />
    /// <remarks>The request id alone: rows that are equal share it, and it tells rows apart well enough.</remarks>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(RequestId);

    private static bool SameItems<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right) =>
        ReferenceEquals(left, right) || (left is not null && right is not null && left.SequenceEqual(right));
}
