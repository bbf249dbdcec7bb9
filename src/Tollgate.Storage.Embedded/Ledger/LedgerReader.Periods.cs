using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>The dashboard's reads of a period (<see cref="LedgerPeriodQueries"/>): spend over time, tokens per request.</summary>
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
