using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>The dashboard's reads of a period (<see cref="LedgerPeriodQueries"/>): spend over time, tokens per request, the costliest requests.</summary>
internal sealed partial class LedgerReader
{
    /// <summary>The spend timeline of <paramref name="query"/>: buckets in time order, groups by largest cost first within a bucket.</summary>
    public SpendTimeline Timeline(SpendTimelineQuery query)
    {
        var points = ReadsRollup && LedgerRollupPeriod.Split(query.From, query.To) is { } period
            ? InReadTransaction(connection => RollupTimeline(connection, query, period))
            : ScanTimeline(query);

        // Ordered here: the SQL sums are decimal text, which would sort as text.
        points.Sort(static (a, b) =>
        {
            var byStart = a.Start.CompareTo(b.Start);
            if (byStart != 0)
            {
                return byStart;
            }

            var byCost = Nullable.Compare(b.CostUsd, a.CostUsd);
            return byCost != 0 ? byCost : string.CompareOrdinal(a.Group, b.Group);
        });

        return new SpendTimeline
        {
            GroupBy = SpendGroupings.Name(query.GroupBy),
            Bucket = query.Bucket == TimeBucket.Hour ? "hour" : "day",
            From = query.From,
            To = query.To,
            Points = points,
        };
    }

    /// <summary>The timeline's points from every row of the period.</summary>
    private List<SpendTimelinePoint> ScanTimeline(SpendTimelineQuery query) =>
        ReadPeriod(
            LedgerPeriodQueries.Timeline(query.GroupBy, query.Bucket),
            query.From,
            query.To,
            limit: null,
            reader => new SpendTimelinePoint
            {
                Start = LedgerPeriodQueries.BucketStart(reader.GetString(0), query.Bucket),
                Group = reader.IsDBNull(1) ? null : reader.GetString(1),
                Requests = reader.GetInt64(2),
                InputTokens = reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
                OutputTokens = reader.IsDBNull(4) ? 0 : reader.GetInt64(4),

                // Money of a bucket none of whose requests is priced is unknown, not $0.
                CostUsd = reader.GetInt64(2) == reader.GetInt64(7) ? null : SqliteMoney.Parse(reader.GetString(5)),
                BaselineCostUsd = reader.GetInt64(2) == reader.GetInt64(7) ? null : SqliteMoney.Parse(reader.GetString(6)),
                UnpricedRequests = reader.GetInt64(7),
            });

    /// <summary>Runs <paramref name="read"/> in one read transaction, so what it reads in several statements agrees.</summary>
    private T InReadTransaction<T>(Func<SqlitePreparedConnection, T> read)
    {
        var connection = _readers.Rent();
        try
        {
            connection.Command("BEGIN;").ExecuteNonQuery();
            try
            {
                return read(connection);
            }
            finally
            {
                connection.Command("COMMIT;").ExecuteNonQuery();
            }
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <summary>The token histogram of the period, every bucket present.</summary>
    public TokenHistogram Histogram(DateTimeOffset since, DateTimeOffset until)
    {
        var edges = TokenHistogram.Edges;
        long[] counts;
        if (ReadsRollup && LedgerRollupPeriod.Split(since, until) is { } period)
        {
            counts = InReadTransaction(connection => RollupHistogram(connection, period));
        }
        else
        {
            counts = new long[edges.Count];
            foreach (var (bucket, requests) in ReadPeriod(LedgerPeriodQueries.Histogram, since, until, limit: null, static reader => (reader.GetInt32(0), reader.GetInt64(1))))
            {
                counts[bucket] = requests;
            }
        }

        var buckets = new TokenHistogramBucket[edges.Count];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new TokenHistogramBucket { MinTokens = edges[i], MaxTokens = i + 1 < edges.Count ? edges[i + 1] : null, Requests = counts[i] };
        }

        return new TokenHistogram { From = since, To = until, Buckets = buckets };
    }

    /// <summary>
    /// The <paramref name="limit"/> costliest priced rows of the period, dearest first, then by tokens used and request
    /// id. Rows come without their savings and attempt records (<see cref="Get"/> reads those). Chosen as each hour's
    /// costliest (<see cref="LedgerPeriodQueries.CostliestInHour"/>, a few index entries per hour) merged, or, when the
    /// rollup is not read, along the timestamp index over every row of the period: both choose the same rows.
    /// </summary>
    public IReadOnlyList<LedgerEntry> Costliest(DateTimeOffset since, DateTimeOffset until, int limit)
    {
        var rows = ReadsRollup
            ? InReadTransaction(connection => CostliestByHour(connection, since, until, limit))
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

    /// <summary>
    /// The period's costliest rows: every hour's costliest (the hours between the ledger's first and last row only), merged
    /// in the SQL's order (REAL cost, then tokens, then request id), the first <paramref name="limit"/> read whole.
    /// </summary>
    private static List<LedgerEntry> CostliestByHour(SqlitePreparedConnection connection, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        DateTimeOffset first, last;
        using (var span = connection.Command(LedgerPeriodQueries.Span).ExecuteReader())
        {
            if (!span.Read() || span.IsDBNull(0))
            {
                return [];
            }

            (first, last) = (SqliteTimestamp.Parse(span.GetString(0)), SqliteTimestamp.Parse(span.GetString(1)));
        }

        var from = since > first ? since : first;
        var to = until <= last ? until : last.AddTicks(1);
        var candidates = new List<(string Id, double Cost, long Tokens)>();
        var hourly = connection.Command(LedgerPeriodQueries.CostliestInHour, "$until", "$since", "$hour", "$limit");
        hourly.Parameters[0].Value = SqliteTimestamp.Format(until);
        hourly.Parameters[1].Value = SqliteTimestamp.Format(since);
        hourly.Parameters[3].Value = limit;
        for (var hour = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero); hour < to; hour = hour.AddHours(1))
        {
            hourly.Parameters[2].Value = LedgerRollupRow.Hour(hour);
            using var reader = hourly.ExecuteReader();
            while (reader.Read())
            {
                candidates.Add((reader.GetString(0), reader.GetDouble(1), reader.GetInt64(2)));
            }
        }

        candidates.Sort(static (a, b) =>
        {
            var byCost = b.Cost.CompareTo(a.Cost);
            var byTokens = byCost != 0 ? byCost : b.Tokens.CompareTo(a.Tokens);
            return byTokens != 0 ? byTokens : string.CompareOrdinal(a.Id, b.Id);
        });

        var rows = new List<LedgerEntry>(Math.Min(limit, candidates.Count));
        var byId = connection.Command(LedgerPeriodQueries.RowById, "$request_id");
        for (var i = 0; i < candidates.Count && i < limit; i++)
        {
            byId.Parameters[0].Value = candidates[i].Id;
            using var reader = byId.ExecuteReader();
            if (reader.Read())
            {
                rows.Add(LedgerTable.Read(reader));
            }
        }

        return rows;
    }

    private List<T> ReadPeriod<T>(string sql, DateTimeOffset since, DateTimeOffset until, int? limit, Func<SqliteDataReader, T> read)
    {
        var connection = _readers.Rent();
        try
        {
            var command = limit is null ? connection.Command(sql, "$until", "$since") : connection.Command(sql, "$until", "$since", "$limit");
            command.Parameters[0].Value = SqliteTimestamp.Format(until);
            command.Parameters[1].Value = SqliteTimestamp.Format(since);
            if (limit is { } count)
            {
                command.Parameters[2].Value = count;
            }

            var results = new List<T>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(read(reader));
            }

            return results;
        }
        finally
        {
            _readers.Return(connection);
        }
    }
}
