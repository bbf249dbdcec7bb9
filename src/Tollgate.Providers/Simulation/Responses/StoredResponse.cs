using System.Text.Json;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// One response as the provider keeps it: what the request asked, what was answered, and for a background response
/// when it is due and whether it was cancelled. Elements are clones, independent of the request that made them.
/// </summary>
internal sealed class StoredResponse
{
    private volatile bool _cancelled;

    public required string Id { get; init; }

    public required long CreatedAt { get; init; }

    public required string Model { get; init; }

    public required bool Store { get; init; }

    public required bool Background { get; init; }

    /// <summary>The request's settings the response echoes (<c>instructions</c>, <c>tools</c>, <c>metadata</c>, …), as one object.</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>The request's input, one item each, with ids, oldest first.</summary>
    public required IReadOnlyList<JsonElement> InputItems { get; init; }

    /// <summary>What the model read before <see cref="InputItems"/>: the items of the responses this one continues.</summary>
    public required IReadOnlyList<JsonElement> Context { get; init; }

    /// <summary>The finished output items.</summary>
    public required IReadOnlyList<JsonElement> OutputItems { get; init; }

    public required long InputTokens { get; init; }

    public required long CachedTokens { get; init; }

    public required long OutputTokens { get; init; }

    /// <summary><c>max_output_tokens</c> cut the answer: the response ends <c>incomplete</c>.</summary>
    public required bool Truncated { get; init; }

    /// <summary>Hash of everything the model read, so a continuation's answer depends on the whole conversation.</summary>
    public required ulong Seed { get; init; }

    /// <summary>When a background response is done; until then it is <c>in_progress</c>.</summary>
    public DateTimeOffset ReadyAt { get; init; }

    /// <summary>The items a response continuing this one reads before its own input.</summary>
    public IReadOnlyList<JsonElement> Conversation => [.. Context, .. InputItems, .. OutputItems];

    /// <summary>The status at <paramref name="now"/>.</summary>
    public ResponseStatus StatusAt(DateTimeOffset now) =>
        _cancelled ? ResponseStatus.Cancelled
        : Background && now < ReadyAt ? ResponseStatus.InProgress
        : Truncated ? ResponseStatus.Incomplete
        : ResponseStatus.Completed;

    /// <summary>Cancels a background response still running; false (and nothing changes) when it had already ended.</summary>
    public bool TryCancel(DateTimeOffset now)
    {
        if (StatusAt(now) != ResponseStatus.InProgress)
        {
            return false;
        }

        _cancelled = true;
        return true;
    }
}
