using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The costliest requests of a period. Over a few hours, chosen along the timestamp index (its entries carry the cost
/// and tokens), the chosen rows alone read whole. Over a longer period, the rollup's peak cost of each minute of its
/// whole hours (at least the cost of every row of the minute it holds) says which minutes can still place a row among
/// them: the rows it does not hold (above its watermark, in the part hours at the edges) are chosen first, then the
/// minutes dearest peak first, each along the index, until the next minute's peak is below the cheapest of the
/// <c>limit</c> found. An index kept
/// in cost order would spare even that, but puts each new row on a page of its own in it and costs every commit more
/// than the dashboard's read saves.
/// </summary>
internal sealed partial class LedgerReader
{
    /// <summary>
    /// The <paramref name="limit"/> costliest priced rows of the period, dearest first, then by tokens used and request
    /// id. Rows come without their savings and attempt records (<see cref="Get"/> reads those).
    /// </summary>
    public IReadOnlyList<LedgerEntry> Costliest(DateTimeOffset since, DateTimeOffset until, int limit)
    {
        var rows = ReadsRollup && LedgerRollupPeriod.Split(since, until) is { } period
            ? InReadTransaction(connection => RollupCostliest(connection, period, limit))
            : ReadPeriod(LedgerPeriodQueries.Costliest, since, until, limit, LedgerTable.Read);

        // The SQL orders by the cost as a double; exact decimals settle what a double cannot tell apart.
        rows.Sort(static (a, b) =>
        {
            var byCost = Nullable.Compare(b.CostUsd, a.CostUsd);
            if (byCost != 0)
            {
                return byCost;
            }

            var byTokens = (b.InputTokens + b.OutputTokens).CompareTo(a.InputTokens + a.OutputTokens);
            return byTokens != 0 ? byTokens : string.CompareOrdinal(a.RequestId, b.RequestId);
        });
        return rows;
    }

    /// <summary>The costliest rows of a period with whole hours, read in the caller's transaction (see the class).</summary>
    private static List<LedgerEntry> RollupCostliest(SqlitePreparedConnection connection, LedgerRollupPeriod period, int limit)
    {
        var watermark = Watermark(connection);
        var candidates = new Dictionary<string, double>(StringComparer.Ordinal);
        Choose(connection, LedgerPeriodQueries.CostliestAbove, (period.FirstHour!.Value, period.EndHour), watermark, double.MinValue, limit, candidates);
        foreach (var edge in period.Edges())
        {
            Choose(connection, LedgerPeriodQueries.CostliestIn, edge, watermark, double.MinValue, limit, candidates);
        }

        // The minutes dearest peak first, read one at a time while each is scanned (SQLite sorts them; few are read).
        var minutes = connection.Command(LedgerPeriodQueries.MinutePeaks, "$since", "$until");
        minutes.Parameters[0].Value = period.FirstHourText + ":00";
        minutes.Parameters[1].Value = period.EndHourText + ":00";
        using (var peaks = minutes.ExecuteReader())
        {
            while (peaks.Read())
            {
                var floor = Floor(candidates, limit);
                if (peaks.GetDouble(1) < floor)
                {
                    break; // every later minute's peak is lower still: none of its rows is dear enough
                }

                var start = MinuteStart(peaks.GetString(0));
                Choose(connection, LedgerPeriodQueries.CostliestIn, (start, start.AddMinutes(1)), watermark, floor, limit, candidates);
            }
        }

        // The candidates hold the period's costliest; SQL orders them as the row scan does, ties included.
        var rows = connection.Command(LedgerPeriodQueries.CostliestOf, "$ids", "$limit");
        rows.Parameters[0].Value = JsonArray(candidates.Keys);
        rows.Parameters[1].Value = limit;
        var chosen = new List<LedgerEntry>(Math.Min(limit, candidates.Count));
        using (var reader = rows.ExecuteReader())
        {
            while (reader.Read())
            {
                chosen.Add(LedgerTable.Read(reader));
            }
        }

        return chosen;
    }

    /// <summary>The start of a minute as the rollup names it (<c>2026-12-01T13:07</c>).</summary>
    private static DateTimeOffset MinuteStart(string minute) =>
        DateTimeOffset.ParseExact(minute, "yyyy'-'MM'-'dd'T'HH':'mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    /// <summary>Adds the costliest rows of [since, until) no cheaper than <paramref name="floor"/> to the candidates.</summary>
    private static void Choose(
        SqlitePreparedConnection connection, string sql, (DateTimeOffset Since, DateTimeOffset Until) range, long watermark, double floor, int limit, Dictionary<string, double> candidates)
    {
        var command = connection.Command(sql, "$until", "$since", LedgerSpendQuery.WatermarkParameter, "$floor", "$limit");
        command.Parameters[0].Value = SqliteTimestamp.Format(range.Until);
        command.Parameters[1].Value = SqliteTimestamp.Format(range.Since);
        command.Parameters[2].Value = watermark;
        command.Parameters[3].Value = floor;
        command.Parameters[4].Value = limit;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            candidates[reader.GetString(0)] = reader.GetDouble(1);
        }
    }

    /// <summary>
    /// The cost a row must reach to be among the <paramref name="limit"/> costliest: the cheapest of the dearest
    /// <paramref name="limit"/> candidates (the cheaper ones are dropped), or none while there are fewer.
    /// </summary>
    private static double Floor(Dictionary<string, double> candidates, int limit)
    {
        if (candidates.Count < limit)
        {
            return double.MinValue;
        }

        var costs = candidates.Values.ToArray();
        Array.Sort(costs);
        var floor = costs[^limit];
        foreach (var (id, cost) in candidates)
        {
            if (cost < floor)
            {
                candidates.Remove(id);
            }
        }

        return floor;
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
