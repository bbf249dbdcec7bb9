using System.Globalization;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The hourly rollup gives every report exactly what reading every row gives, over generated ledgers and periods that
/// start and end mid-hour in several time zones; and a ledger's rollup made by the migration is the one writing its
/// rows made.
/// </summary>
public sealed class LedgerRollupTests : IDisposable
{
    private static readonly DateTimeOffset Start = LedgerRollupLedger.Start;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_spend_report_and_timeline_read_through_the_rollup_equals_the_row_scan(int seed)
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path);
        await LedgerRollupLedger.WriteAsync(storage, seed, rows: 600);
        var ledger = (SqliteLedgerStore)storage.Ledger;
        Assert.True(RollupBuckets(_directory.Path) > 0);

        var compared = 0;
        foreach (var (from, to) in Periods(new Random(seed)))
        {
            foreach (var query in SpendQueries(from, to))
            {
                ledger.ReadsRollup = false;
                var scan = await ledger.GetSpendAsync(query);
                ledger.ReadsRollup = true;
                var rollup = await ledger.GetSpendAsync(query);
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
                    ledger.ReadsRollup = false;
                    var scan = await ledger.GetSpendTimelineAsync(query);
                    ledger.ReadsRollup = true;
                    var rollup = await ledger.GetSpendTimelineAsync(query);
                    Assert.Equal(scan.Points, rollup.Points);
                }
            }
        }

        Assert.True(compared > 300, $"Only {compared} groups compared: the generated ledger is too thin to prove much.");
    }

    [Fact]
    public async Task The_migration_fills_the_rollup_with_what_writing_the_rows_made()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path))
        {
            await LedgerRollupLedger.WriteAsync(storage, seed: 7, rows: 600);
        }

        var written = ReadRollup(_directory.Path);
        Assert.NotEmpty(written);
        using (var connection = Open(_directory.Path))
        {
            Execute(connection, $"DROP TABLE ledger_rollup; PRAGMA user_version = {SqliteSchema.RollupVersion - 1};");
        }

        await using (var storage = EmbeddedStorage.Open(_directory.Path))
        {
            Assert.Equal(written, ReadRollup(_directory.Path));
        }
    }

    [Fact]
    public async Task A_row_rewritten_under_another_group_leaves_its_first_group_and_counts_once()
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var at = Start.AddHours(3).AddMinutes(20);
        var row = new LedgerEntry { RequestId = "req_1", Timestamp = at, Endpoint = "/v1/chat/completions", CacheStatus = "miss", Status = 200, Attempts = 1, Feature = "search", CostUsd = 0.5m };
        await storage.Ledger.WriteAsync(row);
        await storage.Ledger.WriteAsync(row with { Feature = "chat", CostUsd = 0.25m });

        var report = await storage.Ledger.GetSpendAsync(new SpendQuery(SpendGrouping.Feature, Start, Start.AddHours(10)));

        var only = Assert.Single(report.Rows);
        Assert.Equal(("chat", 1L, 0.25m), (only.Group, only.Requests, only.CostUsd));
        Assert.Equal(1, report.Totals.Requests);
    }

    /// <summary>The whole ledger, whole hours, periods that start and end mid-hour (given in several zones), one inside an hour, and random ones.</summary>
    private static IEnumerable<(DateTimeOffset? From, DateTimeOffset To)> Periods(Random random)
    {
        var end = LedgerRollupLedger.End;
        yield return (null, end);
        yield return (null, Start.AddHours(30).AddMinutes(17).AddTicks(3));
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

    private static long RollupBuckets(string directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ledger_rollup;";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every bucket holding a request, its sums with money as numbers (the text of an exact sum may differ in trailing zeros).</summary>
    private static List<string> ReadRollup(string directory)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ledger_rollup WHERE requests <> 0 ORDER BY grouping, hour, named, spend_group;";
        using var reader = command.ExecuteReader();
        var buckets = new List<string>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetName(i).EndsWith("_usd", StringComparison.Ordinal)
                    ? SqliteMoney.Parse(reader.GetString(i)).ToString("G29", CultureInfo.InvariantCulture)
                    : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            buckets.Add(string.Join('|', fields));
        }

        return buckets;
    }

    private static SqliteConnection Open(string directory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(directory, EmbeddedStorage.DatabaseFileName)};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
