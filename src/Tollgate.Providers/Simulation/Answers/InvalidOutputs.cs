using System.Collections.Concurrent;

namespace Tollgate.Providers.Simulation.Answers;

/// <summary>
/// Which requests asking for a JSON schema get prose instead, an answer no schema accepts: every one whose last user
/// message carries <c>[[invalid-json]]</c>, and the first N calls of a conversation whose last user message carries
/// <c>[[invalid-json:N]]</c> (counted per model and conversation), so a gateway asking again gets a valid answer at
/// call N + 1. Counts are kept for the most recent <see cref="MaxConversations"/> conversations, and are the
/// simulator's only state about answers.
/// </summary>
internal sealed class InvalidOutputs
{
    /// <summary>The marker that makes every such answer prose.</summary>
    public const string Marker = "[[invalid-json]]";

    /// <summary>How many conversations are counted before the counts start again.</summary>
    public const int MaxConversations = 10_000;

    private const string CountedPrefix = "[[invalid-json:";

    private readonly ConcurrentDictionary<ulong, int> _calls = new();

    /// <summary>Whether the answer to this call is to be prose though it asks for a JSON schema.</summary>
    /// <param name="lastUserText">The last user message, or null.</param>
    /// <param name="seed">The hash of the model and the conversation (<see cref="Requests.ChatTurn.Seed"/>).</param>
    public bool AnswerInvalid(string? lastUserText, ulong seed)
    {
        if (lastUserText is null)
        {
            return false;
        }

        if (lastUserText.Contains(Marker, StringComparison.Ordinal))
        {
            return true;
        }

        if (Count(lastUserText) is not { } invalidCalls)
        {
            return false;
        }

        if (_calls.Count >= MaxConversations)
        {
            _calls.Clear();
        }

        return _calls.AddOrUpdate(seed, 1, static (_, calls) => calls + 1) <= invalidCalls;
    }

    /// <summary>The N of the first <c>[[invalid-json:N]]</c> marker of <paramref name="text"/>, or null.</summary>
    private static int? Count(string text)
    {
        var start = text.IndexOf(CountedPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += CountedPrefix.Length;
        var end = text.IndexOf("]]", start, StringComparison.Ordinal);
        return end > start && int.TryParse(text.AsSpan(start, end - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : null;
    }
}
