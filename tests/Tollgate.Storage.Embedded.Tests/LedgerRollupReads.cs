using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Xunit;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// Every read the rollup serves, made through it and by reading every row, over periods that start and end mid-hour
/// in several time zones, one inside an hour, the whole ledger, the last 30 days and random ones: the two must agree
/// exactly (decimal money, every figure).
/// </summary>
internal static class LedgerRollupReads
{
    private static readonly DateTimeOffset Start = LedgerRollupLedger.Start;

    /// <summary>Asserts that every report, timeline, histogram and costliest list read through the rollup equals the row scan; returns the groups compared.</summary>
    public static async Task<int> AssertEqualToRowScanAsync(SqliteLedgerStore ledger, int seed)
    {
        var compared = 0;
        try
        {
            foreach (var (from, to) in Periods(new Random(seed)))
            {
                foreach (var query in SpendQueries(from, to))
                {
                    var (scan, rollup) = await BothAsync(ledger, () => ledger.GetSpendAsync(query));
                    Assert.Equal(scan.Rows, rollup.Rows);
                    Assert.Equal(scan.Totals, rollup.Totals);
                    compared += scan.Rows.Count;
                }

                if (from is not { } since)
                {
                    continue;
                }

                foreach (var grouping in new[] { SpendGrouping.Feature, SpendGrouping.Model, SpendGrouping.User, SpendGrouping.Team, SpendGrouping.Key })
                {
                    foreach (var bucket in new[] { TimeBucket.Hour, TimeBucket.Day })
                    {
                        var query = new SpendTimelineQuery(grouping, bucket, since, to);
                        var (scan, rollup) = await BothAsync(ledger, () => ledger.GetSpendTimelineAsync(query));
                        Assert.Equal(scan.Points, rollup.Points);
                    }
                }

                var (scanHistogram, rollupHistogram) = await BothAsync(ledger, () => ledger.GetTokenHistogramAsync(since, to));
                Assert.Equal(scanHistogram.Buckets, rollupHistogram.Buckets);
                foreach (var limit in new[] { 1, 10, 50 })
                {
                    var (scan, rollup) = await BothAsync(ledger, () => ledger.GetCostliestAsync(since, to, limit));
                    Assert.Equal(scan.Select(Costly), rollup.Select(Costly));
                }
            }
        }
        finally
        {
            ledger.ReadsRollup = true;
        }

        return compared;
    }

    /// <summary>The whole ledger, the last 30 days, whole hours, periods that start and end mid-hour (given in several zones), one inside an hour, and random ones.</summary>
    private static IEnumerable<(DateTimeOffset? From, DateTimeOffset To)> Periods(Random random)
    {
        var end = LedgerRollupLedger.End;
        yield return (null, end);
        yield return (null, Start.AddHours(30).AddMinutes(17).AddTicks(3));
        yield return (end.AddMinutes(-17).AddDays(-30), end.AddMinutes(-17));
        yield return (Start.AddHours(10), Start.AddHours(30));
        yield return (Start.AddHours(3).AddMinutes(17), Start.AddHours(40).AddMinutes(5));
        yield return (new DateTimeOffset(2026, 11, 20, 9, 47, 12, new TimeSpan(5, 30, 0)), new DateTimeOffset(2026, 11, 21, 2, 15, 0, new TimeSpan(-3, 0, 0)));
        yield return (Start.AddHours(5).AddMinutes(10), Start.AddHours(5).AddMinutes(50));
        yield return (Start.AddHours(1).AddMinutes(30), Start.AddHours(2).AddMinutes(30));
        yield return (Start.AddDays(-3), end.AddDays(3));
        for (var i = 0; i < 4; i++)
        {
            var from = Start.AddTicks(random.NextInt64(TimeSpan.FromHours(48).Ticks));
            yield return (from, from.AddTicks(random.NextInt64(TimeSpan.FromHours(20).Ticks)));
        }
    }

    private static IEnumerable<SpendQuery> SpendQueries(DateTimeOffset? from, DateTimeOffset to)
    {
        foreach (var grouping in Enum.GetValues<SpendGrouping>().Where(grouping => grouping != SpendGrouping.Tag))
        {
            yield return new SpendQuery(grouping, from, to);
        }

        yield return SpendQuery.ByTag("project", from, to);
        yield return SpendQuery.ByTag("env", from, to);
        yield return SpendQuery.ByTag("absent", from, to);
    }

    private static (string, decimal?, long) Costly(LedgerEntry row) => (row.RequestId, row.CostUsd, row.InputTokens + row.OutputTokens);

    private static async Task<(T Scan, T Rollup)> BothAsync<T>(SqliteLedgerStore ledger, Func<ValueTask<T>> read)
    {
        ledger.ReadsRollup = false;
        var scan = await read();
        ledger.ReadsRollup = true;
        return (scan, await read());
    }
}
