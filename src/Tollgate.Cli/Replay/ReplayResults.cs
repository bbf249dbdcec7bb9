namespace Tollgate.Cli.Replay;

/// <summary>What the client side of a replay measured: errors, cache answers, latency percentiles, the wrong-answer check.</summary>
internal static class ReplayResults
{
    /// <summary>Failed requests by error type, most frequent first.</summary>
    public static Dictionary<string, long> ErrorsByType(IReadOnlyList<ReplayOutcome> outcomes)
    {
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var outcome in outcomes.Where(o => !o.Succeeded))
        {
            var type = outcome.ErrorType ?? "http_" + outcome.Status;
            errors[type] = errors.GetValueOrDefault(type) + 1;
        }

        return errors;
    }

    /// <summary>Answers by <c>x-tollgate-cache</c>, in the order of the header's values.</summary>
    public static Dictionary<string, long> CacheStatuses(IReadOnlyList<ReplayOutcome> outcomes)
    {
        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var status in (ReadOnlySpan<string>)["hit", "semantic-hit", "coalesced", "miss", "bypass"])
        {
            var count = outcomes.LongCount(o => o.Succeeded && o.CacheStatus == status);
            if (count > 0)
            {
                statuses[status] = count;
            }
        }

        return statuses;
    }

    /// <summary>Nearest-rank percentiles of the answered requests' latency.</summary>
    public static ReplayLatency Latency(IReadOnlyList<ReplayOutcome> outcomes)
    {
        var sorted = outcomes.Where(o => o.Succeeded).Select(o => o.LatencyMs).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new ReplayLatency(null, null, null, null);
        }

        double Rank(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
        return new ReplayLatency(Rank(0.50), Rank(0.95), Rank(0.99), Math.Round(sorted[^1], 1));
    }

    /// <summary>The wrong-answer check (<see cref="ReplayLabelCheck"/>), or null when no line carries a label.</summary>
    public static ReplayLabelCheck? LabelCheck(IReadOnlyList<ReplayOutcome> outcomes)
    {
        var labelled = outcomes.Where(o => o.Label is not null).ToList();
        if (labelled.Count == 0)
        {
            return null;
        }

        // The labels of the lines each answer text was made for, by calls of their own. Short answers of different
        // prompts can read alike, so a text may stand for several labels.
        var madeFor = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var outcome in labelled.Where(o => o.Succeeded && !o.Reused && o.AnswerText is not null))
        {
            if (!madeFor.TryGetValue(outcome.AnswerText!, out var labels))
            {
                madeFor[outcome.AnswerText!] = labels = new HashSet<string>(StringComparer.Ordinal);
            }

            labels.Add(outcome.Label!);
        }

        long checkedReused = 0, wrong = 0, unverified = 0;
        foreach (var outcome in labelled.Where(o => o.Succeeded && o.Reused))
        {
            if (outcome.AnswerText is null || !madeFor.TryGetValue(outcome.AnswerText, out var origins) || (origins.Count > 1 && origins.Contains(outcome.Label!)))
            {
                unverified++; // made outside this run, or a text made for this label and for others alike
                continue;
            }

            checkedReused++;
            if (!origins.Contains(outcome.Label!))
            {
                wrong++;
            }
        }

        return new ReplayLabelCheck(labelled.Count, checkedReused, wrong, unverified);
    }
}
