using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The sums behind one group of the spend report, as a statement returns them after its group (see
/// <see cref="LedgerSpendQuery"/>) and as the hourly rollup keeps them. Money is summed with unknown amounts as
/// nothing; whether it is known at all is decided once, from the counts, when the report is made. The saving is the
/// lever's own for a group by lever, else the negotiated discount. <see cref="Peak"/> is not a sum: the largest cost of
/// a row counted, kept by the rollup's minutes (the costliest requests skip the minutes whose peak cannot place a row
/// among them); taking a row back leaves it as it was, so it stays at least every counted row's cost.
/// </summary>
internal readonly record struct SpendSums(
    long Requests, long InputTokens, long CachedInputTokens, long CacheWriteTokens, long OutputTokens,
    decimal Cost, decimal Baseline, decimal Saving, long Unpriced, long Hits, long UsableOutputs, decimal Wasted, decimal Peak = 0m)
{
    /// <summary>Whether a request of the group has a known cost: if none has, its money is unknown, not $0.</summary>
    public bool Priced => Requests - Unpriced > 0;

    public static SpendSums operator +(SpendSums a, SpendSums b) => new(
        a.Requests + b.Requests, a.InputTokens + b.InputTokens, a.CachedInputTokens + b.CachedInputTokens,
        a.CacheWriteTokens + b.CacheWriteTokens, a.OutputTokens + b.OutputTokens, a.Cost + b.Cost, a.Baseline + b.Baseline,
        a.Saving + b.Saving, a.Unpriced + b.Unpriced, a.Hits + b.Hits, a.UsableOutputs + b.UsableOutputs, a.Wasted + b.Wasted,
        Math.Max(a.Peak, b.Peak));

    public static SpendSums operator -(SpendSums a) => new(
        -a.Requests, -a.InputTokens, -a.CachedInputTokens, -a.CacheWriteTokens, -a.OutputTokens, -a.Cost, -a.Baseline,
        -a.Saving, -a.Unpriced, -a.Hits, -a.UsableOutputs, -a.Wasted, a.Peak);

    /// <summary>The report's figures: the levers' saving is baseline − cost − discount, the discount the summed saving (null when unpriced, as all money).</summary>
    public SpendFigures Spend() => Spend(Baseline - Cost - Saving, Saving);

    /// <summary>The report's figures with the saving and the discount given (both dropped when the group is unpriced).</summary>
    public SpendFigures Spend(decimal saved, decimal discount)
    {
        var priced = Priced;
        return new SpendFigures
        {
            Requests = Requests,
            InputTokens = InputTokens,
            CachedInputTokens = CachedInputTokens,
            CacheWriteTokens = CacheWriteTokens,
            OutputTokens = OutputTokens,
            CostUsd = priced ? Cost : null,
            BaselineCostUsd = priced ? Baseline : null,
            SavedUsd = priced ? saved : null,
            DiscountUsd = priced ? discount : null,
            UnpricedRequests = Unpriced,
            Hits = Hits,
            UsableOutputs = UsableOutputs,
            WastedUsd = priced ? Wasted : null,
        };
    }

    /// <summary>Reads the twelve columns from <paramref name="first"/> on (SUM over no rows is NULL in SQL: nothing).</summary>
    public static SpendSums Read(SqliteDataReader row, int first) => new(
        Long(row, first), Long(row, first + 1), Long(row, first + 2), Long(row, first + 3), Long(row, first + 4),
        Money(row, first + 5), Money(row, first + 6), Money(row, first + 7), Long(row, first + 8), Long(row, first + 9),
        Long(row, first + 10), Money(row, first + 11));

    private static long Long(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0 : row.GetInt64(ordinal);

    private static decimal Money(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? 0m : SqliteMoney.Parse(row.GetString(ordinal));
}
