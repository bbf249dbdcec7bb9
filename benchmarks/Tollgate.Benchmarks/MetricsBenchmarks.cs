using System.Globalization;
using BenchmarkDotNet.Attributes;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Metrics;

namespace Tollgate.Benchmarks;

/// <summary>
/// The Prometheus metrics: recording one settled request (the settlement observer's work on every request), and a
/// scrape of <c>/metrics</c> whose text holds about 10,000 series in all.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    // 25 features × 60 teams × 6 series each (requests, input and output tokens, cost, baseline, cache outcome), plus
    // the two latency histograms of 8 models: about 10,000 lines of samples.
    private const int Features = 25;
    private const int Teams = 60;
    private const int Models = 8;

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
    private MemoryStream _scrape = null!;

    /// <summary>Lines of samples (not comments) in one scrape of <see cref="_scraped"/>.</summary>
    public int ScrapedSeries { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _recording = new TollgateMetrics(maxLabelValues: 100);
        _recording.Record(Miss, 0.2, 0.000_4);
        _scraped = new TollgateMetrics(maxLabelValues: 1_000);
        for (var feature = 0; feature < Features; feature++)
        {
            for (var team = 0; team < Teams; team++)
            {
                var entry = Miss with
                {
                    Feature = "feature-" + feature.ToString(CultureInfo.InvariantCulture),
                    Team = "team-" + team.ToString(CultureInfo.InvariantCulture),
                    ServedModel = "model-" + ((feature + team) % Models).ToString(CultureInfo.InvariantCulture),
                    Savings = [],
                };
                _scraped.Record(entry, 0.2, 0.000_4);
            }
        }

        _scrape = new MemoryStream(4 << 20);
        Scrape();
        ScrapedSeries = System.Text.Encoding.UTF8.GetString(_scrape.GetBuffer(), 0, (int)_scrape.Length).Split('\n').Count(line => line.Length > 0 && line[0] != '#');
        Console.WriteLine($"// one scrape: {ScrapedSeries} series, {_scrape.Length} bytes");
    }

    [Benchmark(Description = "record one settled request (known labels)")]
    public void Record() => _recording.Record(Miss, 0.2, 0.000_4);

    [Benchmark(Description = "scrape /metrics text, ~10,000 series")]
    public long Scrape()
    {
        _scrape.SetLength(0);
        _scraped.WriteAsync(_scrape, CancellationToken.None).GetAwaiter().GetResult();
        return _scrape.Length;
    }
}
