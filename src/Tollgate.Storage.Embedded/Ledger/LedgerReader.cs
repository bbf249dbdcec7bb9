using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The ledger's read side: a row with its savings and attempt records, the spend report, the row count. Runs on
/// pooled read connections beside the writer (WAL readers never block it) and sees pending rows through the
/// intent journal, where they live until they settle.
/// </summary>
internal sealed partial class LedgerReader : IDisposable
{
    private readonly SqliteReadPool _readers;
    private readonly LedgerIntentJournal? _journal;

    /// <param name="readers">The read connections.</param>
    /// <param name="journal">The intent journal of the store's pending rows; null for a reader beside a store (a tool reading a gateway's data directory), which sees settled rows only.</param>
    public LedgerReader(SqliteReadPool readers, LedgerIntentJournal? journal)
    {
        _readers = readers;
        _journal = journal;
    }

    /// <summary>
    /// One row by request id (a pending one from the journal), or null. Savings and attempt records come from
    /// their own tables, read in the same transaction as the row; a row without any has empty lists: nothing is
    /// made up from the row's own columns.
    /// </summary>
    public LedgerEntry? Get(string requestId)
    {
        var connection = _readers.Rent();
        try
        {
            LedgerEntry? entry;
            connection.Command("BEGIN;").ExecuteNonQuery();
            try
            {
                entry = ReadEntry(connection, requestId);
            }
            finally
            {
                connection.Command("COMMIT;").ExecuteNonQuery();
            }

            return entry ?? _journal?.Find(requestId);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <summary>
    /// The spend report (see <see cref="LedgerSpendQuery"/>), its rows and totals read in one transaction so that
    /// they agree with each other even while requests settle.
    /// </summary>
    /// <exception cref="ArgumentException">The query groups by a tag and names no valid tag key.</exception>
    public SpendReport Spend(SpendQuery query)
    {
        if (query.GroupBy == SpendGrouping.Tag && !RequestTags.IsValidKey(query.TagKey))
        {
            throw new ArgumentException("A spend report by tag needs the tag's key (SpendQuery.ByTag).", nameof(query));
        }

        var hasSince = query.From.HasValue;
        var connection = _readers.Rent();
        try
        {
            var rows = new List<SpendRow>();
            SpendTotals? totals = null;
            connection.Command("BEGIN;").ExecuteNonQuery();
            try
            {
                if (ReadsRollup && LedgerRollupPeriod.Split(query.From, query.To) is { } period)
                {
                    (rows, totals) = RollupSpend(connection, query, period);
                }
                else
                {
                    ScanSpend(connection, query, hasSince, rows, out totals);
                }
            }
            finally
            {
                connection.Command("COMMIT;").ExecuteNonQuery();
            }

            // Ordered here: the SQL sums are decimal text, which would sort as text.
            rows.Sort(query.GroupBy == SpendGrouping.Lever ? LedgerSpendQuery.LargestSavingFirst : LedgerSpendQuery.LargestCostFirst);
            return new SpendReport
            {
                GroupBy = query.GroupName,
                From = query.From,
                To = query.To,
                Rows = rows,
                Totals = totals ?? new SpendTotals(),
            };
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <summary>The spend report's groups and totals from every row of the period.</summary>
    private static void ScanSpend(SqlitePreparedConnection connection, SpendQuery query, bool hasSince, List<SpendRow> rows, out SpendTotals? totals)
    {
        totals = null;
        var command = Bound(connection, LedgerSpendQuery.For(query.GroupBy, hasSince), query);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(LedgerSpendQuery.ReadRow(reader, query.GroupBy));
            }
        }

        using (var reader = Bound(connection, LedgerSpendQuery.Totals(hasSince), query).ExecuteReader())
        {
            if (reader.Read())
            {
                totals = LedgerSpendQuery.ReadTotals(reader);
            }
                }
    }

    /// <summary>Models of settled rows and attempts with an unknown cost (see <see cref="LedgerTable.SelectUnpricedModels"/>).</summary>
    public IReadOnlyList<UnpricedModel> UnpricedModels()
    {
        var connection = _readers.Rent();
        try
        {
            var models = new List<UnpricedModel>();
            using var reader = connection.Command(LedgerTable.SelectUnpricedModels).ExecuteReader();
            while (reader.Read())
            {
                models.Add(new UnpricedModel(reader.GetString(0), reader.GetInt64(1), SqliteTimestamp.Parse(reader.GetString(2))));
            }

            return models;
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    /// <summary>Rows in the database plus requests still pending in the journal.</summary>
    public long Count()
    {
        var connection = _readers.Rent();
        try
        {
            var count = Convert.ToInt64(connection.Command(LedgerTable.Count).ExecuteScalar(), CultureInfo.InvariantCulture);
            return count + CountOpenIntentsWithoutRow(connection);
        }
        finally
        {
            _readers.Return(connection);
        }
    }

    public void Dispose() => _readers.Dispose();

    /// <summary>
    /// A spend statement bound to the query's period, its tag's key and the rollup's watermark; every statement declares
    /// all four, and binds those its SQL names.
    /// </summary>
    private static SqliteCommand Bound(SqlitePreparedConnection connection, string sql, SpendQuery query, long watermark = 0)
    {
        var command = connection.Command(sql, "$until", "$since", LedgerSpendQuery.TagKeyParameter, LedgerSpendQuery.WatermarkParameter);
        command.Parameters[0].Value = SqliteTimestamp.Format(query.To);
        command.Parameters[1].Value = query.From is { } since ? SqliteTimestamp.Format(since) : DBNull.Value;
        command.Parameters[2].Value = query.TagKey is { } key ? key.ToLowerInvariant() : DBNull.Value;
        command.Parameters[3].Value = watermark;
        return command;
    }

    private static LedgerEntry? ReadEntry(SqlitePreparedConnection connection, string requestId)
    {
        var command = connection.Command(LedgerTable.SelectByRequestId, "$request_id");
        command.Parameters[0].Value = requestId;
        LedgerEntry entry;
        using (var row = command.ExecuteReader())
        {
            if (!row.Read())
            {
                return null;
            }

            entry = LedgerTable.Read(row);
        }

        var savingsCommand = connection.Command(LedgerTable.SelectSavings, "$request_id");
        savingsCommand.Parameters[0].Value = requestId;
        IReadOnlyList<LeverSaving> savings;
        using (var rows = savingsCommand.ExecuteReader())
        {
            savings = LedgerTable.ReadSavings(rows);
        }

        var attemptsCommand = connection.Command(LedgerTable.SelectAttempts, "$request_id");
        attemptsCommand.Parameters[0].Value = requestId;
        IReadOnlyList<AttemptRecord> attempts;
        using (var rows = attemptsCommand.ExecuteReader())
        {
            attempts = LedgerTable.ReadAttempts(rows);
        }

        return savings.Count == 0 && attempts.Count == 0 ? entry : entry with { Savings = savings, AttemptRecords = attempts };
    }

    private long CountOpenIntentsWithoutRow(SqlitePreparedConnection connection)
    {
        long open = 0;
        if (_journal is null)
        {
            return open;
        }

        foreach (var requestId in _journal.OpenRequestIds())
        {
            var command = connection.Command(LedgerTable.SelectByRequestId, "$request_id");
            command.Parameters[0].Value = requestId;
            using var row = command.ExecuteReader();
            if (!row.Read())
            {
                open++;
            }
        }

        return open;
    }
}
