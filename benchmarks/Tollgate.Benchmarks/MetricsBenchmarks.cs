using System.Globalization;
using BenchmarkDotNet.Attributes;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Metrics;

namespace Tollgate.Benchmarks;

/// <summary>
/// The Prometheus metrics: recording one settled request (the settlement observer's work on every request), and a
/// scrape of <c>/metrics</c> holding 10,000 series in all, each histogram bucket counted as a series; then the same
/// scrape for the 1,500 label combinations an earlier layout measured, to show what the histograms' four labels cost.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    // A label combination (feature, model, provider, team) writes 43 lines of samples: 7 counters (requests, input,
    // cached and output tokens, cost, baseline, cache outcome) and the two histograms (14 + 16 buckets, +Inf, sum and
    // count each). 8 features × 29 teams = 232 combinations: 9,976 lines, about 10,000 series in all.
    private const int Features = 8;
    private const int Teams = 29;
    private const int Models = 8;

    // The earlier benchmark's 25 features × 60 teams, now with four labels on the histograms too.
    private const int WideFeatures = 25;
    private const int WideTeams = 60;

    private static readonly LedgerEntry Miss = new()
    {
        RequestId = "req_bench",
        Timestamp = DateTimeOffset.UnixEpoch,
        Feature = "search",
        Team = "core",
        User = "alice",
        Endpoint = "/v1/chat/completions",
        Provider = "openai",
        RequestedModel = "gpt-4o-mini",
        ServedModel = "gpt-4o-mini-2024-07-18",
        InputTokens = 1_214,
        CachedInputTokens = 1_024,
        OutputTokens = 61,
        CostUsd = 0.000_123m,
        BaselineCostUsd = 0.000_218m,
        Savings = [new LeverSaving(Levers.PromptCache, 0.000_095m)],
        CacheStatus = "miss",
        LatencyMs = 212.5,
        Status = 200,
        Attempts = 1,
    };

    private TollgateMetrics _recording = null!;
    private TollgateMetrics _scraped = null!;
    private TollgateMetrics _wide = null!;
    private MemoryStream _scrape = null!;

    [GlobalSetup]
    public void Setup()
    {
        _recording = new TollgateMetrics(maxLabelValues: 100);
        _recording.Record(Miss, 0.2, 0.000_4);
        _scraped = Filled(Features, Teams);
        _wide = Filled(WideFeatures, WideTeams);
        _scrape = new MemoryStream(32 << 20);
        Console.WriteLine($"// one scrape of {Features * Teams} combinations: {Series(_scraped)} series, {_scrape.Length} bytes");
        Console.WriteLine($"// one scrape of {WideFeatures * WideTeams} combinations: {Series(_wide)} series, {_scrape.Length} bytes");
    }

    [Benchmark(Description = "record one settled request (known labels)")]
    public void Record() => _recording.Record(Miss, 0.2, 0.000_4);

    [Benchmark(Description = "scrape /metrics text, 10,000 series (232 combinations)")]
    public long Scrape() => Scrape(_scraped);

    [Benchmark(Description = "scrape /metrics text, 1,500 combinations (~64,500 series)")]
    public long ScrapeWide() => Scrape(_wide);

    private static TollgateMetrics Filled(int features, int teams)
    {
        var metrics = new TollgateMetrics(maxLabelValues: 1_000);
        for (var feature = 0; feature < features; feature++)
        {
            for (var team = 0; team < teams; team++)
            {
                var entry = Miss with
                {
                    Feature = "feature-" + feature.ToString(CultureInfo.InvariantCulture),
                    Team = "team-" + team.ToString(CultureInfo.InvariantCulture),
                    ServedModel = "model-" + ((feature + team) % Models).ToString(CultureInfo.InvariantCulture),
                    Savings = [],
                };
                metrics.Record(entry, 0.2, 0.000_4);
            }
        }

        return metrics;
    }

    /// <summary>Lines of samples (not comments) in one scrape of <paramref name="metrics"/>.</summary>
    private int Series(TollgateMetrics metrics)
    {
        Scrape(metrics);
        return System.Text.Encoding.UTF8.GetString(_scrape.GetBuffer(), 0, (int)_scrape.Length).Split('\n').Count(line => line.Length > 0 && line[0] != '#');
    }

    private long Scrape(TollgateMetrics metrics)
    {
        _scrape.SetLength(0);
        metrics.WriteAsync(_scrape, CancellationToken.None).GetAwaiter().GetResult();
        return _scrape.Length;
    }
}
