using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Benchmarks;

/// <summary>
/// The dashboard's reads on a ledger of one million settled rows spread over 30 days (20 features, 6 models, 2,000
/// users, 8 teams; a fifth of them exact-cache hits with their savings row; one in 200 unpriced), for the last 24 hours
/// (about 33,000 rows) and for all 30 days: each report alone, and the six the page makes at once (three spend reports,
/// the timeline, the histogram, the costliest ten). The ledger is made once, by bulk insert with its hourly rollup filled
/// by the migration's backfill, and kept in the temporary directory for later runs (delete
/// <c>tollgate-bench-dashboard-1m</c> to make it again). Each case reads through the rollup, or every row of the period
/// as before the rollup (every read but the costliest requests, which then walk the timestamp index); every row of 30
/// days takes minutes, so that case is left out. The rows are written behind the store's back, so none is above the rollup's
/// watermark: the few a running gateway has there (committed since the last flush) are read by their index.
/// </summary>
[MemoryDiagnoser]
public class DashboardReadBenchmarks
{
    private const int Rows = 1_000_000;

    private static readonly DateTimeOffset End = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "claude-haiku-4-5", "claude-sonnet-4-5", "gpt-4.1-mini", "o4-mini"];

    private EmbeddedStorage _storage = null!;
    private ILedgerStore _ledger = null!;
    private DateTimeOffset _since;
    private DateTimeOffset _until;

    /// <summary>
    /// The ledger (the million rows over 30 days, or <c>dense</c>: all of them in its last hour), the period read (the
    /// last day, or the whole 30 days) and how: <c>rows</c> every row of a period ending mid-hour, <c>rollup</c> through the
    /// rollup with the part hours at its edges read from the rows, <c>page</c> whole hours through the rollup, as the
    /// dashboard asks (from the start of the hour the range begins in to the end of the current hour).
    /// </summary>
    [Params("24h rows", "24h rollup", "24h page", "30d rollup", "30d page", "dense 24h rollup", "dense 24h page")]
    public string Read { get; set; } = "24h rollup";

    private bool Dense => Read.StartsWith("dense ", StringComparison.Ordinal);

    private string Period => Dense ? Read[6..9] : Read[..3];

    /// <summary>After the ledger's last row.</summary>
    internal static DateTimeOffset LedgerEnd => End;

    [GlobalSetup]
    public void Setup()
    {
        var directory = EnsureLedger(Dense);
        _storage = EmbeddedStorage.Open(directory);
        _ledger = _storage.Ledger;
        ((SqliteLedgerStore)_ledger).ReadsRollup = !Read.EndsWith("rows", StringComparison.Ordinal);
        var now = End.AddMinutes(-17);
        var days = Period == "24h" ? 1 : 30;
        if (Read.EndsWith("page", StringComparison.Ordinal))
        {
            _until = End; // the end of the hour "now" is in
            var start = now.AddDays(-days);
            _since = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        }
        else
        {
            // Mid-hour, as a period asked of the admin API may be: the hours at the edges are read from the rows.
            _until = now;
            _since = now.AddDays(-days);
        }
    }

    /// <summary>
    /// Makes the ledger unless a finished one is there, and returns its directory (<paramref name="dense"/>: the one whose
    /// rows all arrived in its last hour). Making it takes minutes, longer than the in-process toolchain lets a setup run:
    /// <c>dashboard-ledger</c> makes both ahead of the benchmarks.
    /// </summary>
    public static string EnsureLedger(bool dense = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), dense ? "tollgate-bench-dashboard-1m-dense" : "tollgate-bench-dashboard-1m");
        var done = Path.Combine(directory, "generated");
        if (!File.Exists(done))
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Generate(directory, dense ? TimeSpan.FromHours(1) : TimeSpan.FromDays(30));
            File.WriteAllText(done, Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // A ledger made by an earlier schema is brought up to date here, not in a benchmark's setup.
        EmbeddedStorage.Open(directory).DisposeAsync().AsTask().GetAwaiter().GetResult();
        return directory;
    }

    [GlobalCleanup]
    public void Cleanup() => _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "spend by feature")]
    public Task<SpendReport> SpendByFeature() => _ledger.GetSpendAsync(new SpendQuery(SpendGrouping.Feature, _since, _until)).AsTask();

    [Benchmark(Description = "spend by lever")]
    public Task<SpendReport> SpendByLever() => _ledger.GetSpendAsync(new SpendQuery(SpendGrouping.Lever, _since, _until)).AsTask();

    [Benchmark(Description = "timeline by feature")]
    public Task<SpendTimeline> Timeline() =>
        _ledger.GetSpendTimelineAsync(new SpendTimelineQuery(SpendGrouping.Feature, Period == "24h" ? TimeBucket.Hour : TimeBucket.Day, _since, _until)).AsTask();

    [Benchmark(Description = "token histogram")]
    public Task<TokenHistogram> Histogram() => _ledger.GetTokenHistogramAsync(_since, _until).AsTask();

    [Benchmark(Description = "costliest 10")]
    public Task<IReadOnlyList<LedgerEntry>> Costliest() => _ledger.GetCostliestAsync(_since, End, 10).AsTask();

    [Benchmark(Description = "the page's six reads at once")]
    public Task Page() => Task.WhenAll(
        SpendByFeature(),
        SpendByLever(),
        _ledger.GetSpendAsync(new SpendQuery(SpendGrouping.Model, _since, _until)).AsTask(),
        Timeline(),
        Histogram(),
        Costliest());

    private static void Generate(string directory, TimeSpan spread)
    {
        EmbeddedStorage.Open(directory).DisposeAsync().AsTask().GetAwaiter().GetResult(); // the schema
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, EmbeddedStorage.DatabaseFileName)}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO ledger (request_id, timestamp, key_name, user, feature, team, endpoint, provider, requested_model, served_model, stream, " +
            "input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, cost_usd, baseline_cost_usd, cache_status, lever, workload_class, " +
            "latency_ms, status, attempts) VALUES ($id, $ts, 'backend', $user, $feature, $team, '/v1/chat/completions', 'openai', $model, $model, 0, " +
            "$in, 0, 0, $out, $cost, $baseline, $cache, $lever, 'interactive', 120.5, 200, $attempts);";
        var names = new[] { "$id", "$ts", "$user", "$feature", "$team", "$model", "$in", "$out", "$cost", "$baseline", "$cache", "$lever", "$attempts" };
        var parameters = names.Select(name => insert.Parameters.Add(new SqliteParameter(name, DBNull.Value))).ToArray();
        using var saving = connection.CreateCommand();
        saving.Transaction = transaction;
        saving.CommandText = "INSERT INTO ledger_savings (request_id, lever, position, saved_usd) VALUES ($id, 'exact', 0, $saved);";
        var savingId = saving.Parameters.Add(new SqliteParameter("$id", DBNull.Value));
        var saved = saving.Parameters.Add(new SqliteParameter("$saved", DBNull.Value));

        var random = new Random(18);
        var span = spread.Ticks;
        for (var i = 0; i < Rows; i++)
        {
            var id = $"req_{i:x8}{random.Next():x8}";
            var input = (long)Math.Exp(random.NextDouble() * 9) + 5; // 5 to ~8,000 tokens, most of them small
            var output = (long)Math.Exp(random.NextDouble() * 6) + 1;
            var model = Models[random.Next(Models.Length)];
            var baseline = decimal.Round((input * 0.00000015m) + (output * 0.0000006m), 10) * (1 + (Array.IndexOf(Models, model) * 3));
            var hit = random.Next(5) == 0;
            var unpriced = random.Next(200) == 0;
            parameters[0].Value = id;
            parameters[1].Value = SqliteTimestamp.Format(End.AddTicks(-1 - random.NextInt64(span)));
            parameters[2].Value = "user-" + random.Next(2_000);
            parameters[3].Value = "feature-" + random.Next(20);
            parameters[4].Value = "team-" + random.Next(8);
            parameters[5].Value = model;
            parameters[6].Value = input;
            parameters[7].Value = output;
            parameters[8].Value = unpriced ? DBNull.Value : SqliteMoney.ToText(hit ? 0m : baseline);
            parameters[9].Value = unpriced ? DBNull.Value : SqliteMoney.ToText(baseline);
            parameters[10].Value = hit ? "hit" : "miss";
            parameters[11].Value = hit ? "exact" : DBNull.Value;
            parameters[12].Value = hit ? 0 : 1;
            insert.ExecuteNonQuery();
            if (hit && !unpriced)
            {
                savingId.Value = id;
                saved.Value = SqliteMoney.ToText(baseline);
                saving.ExecuteNonQuery();
            }
        }

        // The rows went in behind the store's back: their rollup is made as the migration makes it for an older ledger.
        var backfill = System.Diagnostics.Stopwatch.StartNew();
        LedgerRollupBackfill.Run(connection, transaction);
        LedgerRollupBackfill.RunHistogram(connection, transaction);
        LedgerRollupBackfill.RunMinutes(connection, transaction);
        Console.WriteLine($"// Rollup backfill of {Rows:N0} rows: {backfill.Elapsed.TotalSeconds:F1} s");
        transaction.Commit();
    }
}
