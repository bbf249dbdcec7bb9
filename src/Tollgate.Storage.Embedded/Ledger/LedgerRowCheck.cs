using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// What the ledger tables' constraints would refuse, checked before a row is journalled to be committed later: its
/// writer has gone on by the time of the commit, so a row the database would refuse is refused to the writer at once,
/// as a committed write's failure is, rather than left in the journal for every later start to refuse again.
/// </summary>
internal static class LedgerRowCheck
{
    /// <summary>Throws <see cref="ArgumentException"/> when the <c>ledger</c>, <c>ledger_savings</c> or <c>ledger_attempts</c> constraints would refuse <paramref name="entry"/>.</summary>
    public static void ThrowIfRefused(LedgerEntry entry)
    {
        // The NOT NULL text columns of the ledger table (the others are value types).
        if (entry.Endpoint is null || entry.CacheStatus is null || entry.WorkloadClass is null)
        {
            throw new ArgumentException($"Ledger row {entry.RequestId} lacks its endpoint, cache status or workload class.", nameof(entry));
        }

        // Primary keys (request_id, lever) and (request_id, number); the lists are a handful long at most.
        var savings = entry.Savings;
        for (var i = 0; i < savings.Count; i++)
        {
            if (savings[i].Lever is not { } lever || IndexOfLever(savings, lever, i + 1) >= 0)
            {
                throw new ArgumentException($"Ledger row {entry.RequestId} has a saving without a lever, or two savings of one lever.", nameof(entry));
            }
        }

        var attempts = entry.AttemptRecords;
        for (var i = 0; i < attempts.Count; i++)
        {
            for (var j = i + 1; j < attempts.Count; j++)
            {
                if (attempts[i].Number == attempts[j].Number)
                {
                    throw new ArgumentException($"Ledger row {entry.RequestId} has two attempts numbered {attempts[i].Number}.", nameof(entry));
                }
            }
        }
    }

    private static int IndexOfLever(IReadOnlyList<LeverSaving> savings, string lever, int from)
    {
        for (var i = from; i < savings.Count; i++)
        {
            if (string.Equals(savings[i].Lever, lever, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
