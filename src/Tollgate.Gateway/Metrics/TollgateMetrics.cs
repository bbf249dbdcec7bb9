using System.Collections.Concurrent;
using Prometheus;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// The gateway's Prometheus metrics, in a registry of its own (two gateways in one process are measured apart; the
/// prometheus-net default registry, with its process and runtime collectors, is never touched). Every settled request
/// is recorded once, by <see cref="SettlementMetrics"/>; requests refused before their caller was known by
/// <see cref="Hosting.RefusedRequestCounter"/>; budgets are read when scraped (<see cref="BudgetGauges"/>). Labels are
/// feature, model, provider and team, each capped (<see cref="LabelValueCap"/>); never a user or a request id.
/// </summary>
internal sealed class TollgateMetrics
{
    /// <summary>The content type of the Prometheus text format, version 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public const string InputTokenType = "input";
    public const string CachedTokenType = "cached";
    public const string CacheWriteTokenType = "cache_write";
    public const string OutputTokenType = "output";

    private static readonly string[] RequestLabels = ["feature", "model", "provider", "team"];
    // A series is written from its first increment on: one made ahead (a cache outcome never seen) adds nothing to a scrape.
    private static readonly CounterConfiguration Unpublished = new() { SuppressInitialValue = true };
    private static readonly string[] HitKinds = [CacheStatuses.Hit, CacheStatuses.SemanticHit, CacheStatuses.Coalesced];

    private readonly LabelValueCap _features;
    private readonly LabelValueCap _models;
    private readonly LabelValueCap _providers;
    private readonly LabelValueCap _teams;
    private readonly LabelValueCap _errorTypes;
    private readonly LabelValueCap _levers;
    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();
    private readonly long[] _cacheTotals = new long[CacheResults.Count];
    private readonly Counter _savings;
    private readonly Counter _errors;
    private readonly Counter _refused;
    private readonly Gauge _hitRatio;

    public TollgateMetrics(int maxLabelValues)
    {
        MaxLabelValues = maxLabelValues;
        _features = new LabelValueCap(maxLabelValues);
        _models = new LabelValueCap(maxLabelValues);
        _providers = new LabelValueCap(maxLabelValues);
        _teams = new LabelValueCap(maxLabelValues);
        _errorTypes = new LabelValueCap(maxLabelValues);
        _levers = new LabelValueCap(maxLabelValues);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        // Exemplars (trace ids read from Activity.Current) only show in the OpenMetrics format: not worth their cost per request.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        RequestsCounter = factory.CreateCounter("tollgate_requests_total", "Settled requests (one per ledger row).", RequestLabels, Unpublished);
        TokensCounter = factory.CreateCounter("tollgate_tokens_total", "Tokens of settled requests by type: input (all prompt tokens), cached (read from the provider's prompt cache), cache_write, output.", [.. RequestLabels, "type"], Unpublished);
        CostCounter = factory.CreateCounter("tollgate_cost_usd_total", "What settled requests cost, in US dollars (requests of unknown price add nothing).", RequestLabels, Unpublished);
        BaselineCostCounter = factory.CreateCounter("tollgate_baseline_cost_usd_total", "What settled requests would have cost with no lever applied, in US dollars.", RequestLabels, Unpublished);
        _savings = factory.CreateCounter("tollgate_savings_usd_total", "What each lever saved, in US dollars.", [.. RequestLabels, "lever"], Unpublished);
        CacheRequestsCounter = factory.CreateCounter("tollgate_cache_requests_total", "Settled requests by their x-tollgate-cache outcome: hit, semantic-hit, coalesced, miss, bypass.", [.. RequestLabels, "result"], Unpublished);
        _hitRatio = factory.CreateGauge("tollgate_cache_hit_ratio", "Share of the requests the cache could answer (all but bypass) answered by each kind of hit: exact (hit), semantic (semantic-hit), coalesced.", ["kind"]);
        _errors = factory.CreateCounter("tollgate_errors_total", "Settled requests that failed, by error type (the provider's, or Tollgate's own such as budget_exceeded).", [.. RequestLabels, "type"], Unpublished);
        _refused = factory.CreateCounter("tollgate_requests_refused_total", "Requests refused before their caller was identified (a missing or wrong key, a body that could not be read); they have no ledger row.", ["reason"], Unpublished);
        UpstreamLatencyHistogram = factory.CreateHistogram("tollgate_upstream_latency_seconds", "Time the providers took to answer a request: from sending each attempt to its status line, summed over the attempts.", RequestLabels, new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14), SuppressInitialValue = true });
        GatewayOverheadHistogram = factory.CreateHistogram("tollgate_gateway_overhead_seconds", "Time a request spent in the gateway itself: its latency (to the first byte of a stream) less the upstream time.", RequestLabels, new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16), SuppressInitialValue = true });
        Registry.AddBeforeCollectCallback(UpdateHitRatios);
    }

    /// <summary>The <c>x-tollgate-cache</c> outcomes, in the order of <see cref="MetricSeries.CacheResults"/>.</summary>
    public static IReadOnlyList<string> CacheResults { get; } = [CacheStatuses.Hit, CacheStatuses.SemanticHit, CacheStatuses.Coalesced, CacheStatuses.Miss, CacheStatuses.Bypass];

    /// <summary>How many distinct values each label takes before later ones are counted as <see cref="LabelValueCap.Other"/>.</summary>
    public int MaxLabelValues { get; }

    /// <summary>The registry the metrics live in; <c>/metrics</c> writes it.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The factory to create more metrics in <see cref="Registry"/> with.</summary>
    public IMetricFactory Factory => Prometheus.Metrics.WithCustomRegistry(Registry);

    internal Counter RequestsCounter { get; }

    internal Counter TokensCounter { get; }

    internal Counter CostCounter { get; }

    internal Counter BaselineCostCounter { get; }

    internal Counter CacheRequestsCounter { get; }

    internal Histogram UpstreamLatencyHistogram { get; }

    internal Histogram GatewayOverheadHistogram { get; }

    /// <summary>Records one settled request.</summary>
    /// <param name="entry">Its ledger row.</param>
    /// <param name="upstreamSeconds">The providers' time (<see cref="TollgateMetrics"/>'s upstream histogram); null when no call was made.</param>
    /// <param name="overheadSeconds">The gateway's own time.</param>
    public void Record(LedgerEntry entry, double? upstreamSeconds, double overheadSeconds)
    {
        var series = SeriesOf(entry);
        series.Requests.Inc();
        AddTokens(series.InputTokens, entry.InputTokens);
        AddTokens(series.CachedInputTokens, entry.CachedInputTokens);
        AddTokens(series.CacheWriteTokens, entry.CacheWriteTokens);
        AddTokens(series.OutputTokens, entry.OutputTokens);
        if (entry.CostUsd is { } cost && cost > 0m)
        {
            series.Cost.Inc((double)cost);
        }

        if (entry.BaselineCostUsd is { } baseline && baseline > 0m)
        {
            series.BaselineCost.Inc((double)baseline);
        }

        var savings = entry.Savings;
        for (var i = 0; i < savings.Count; i++)
        {
            if (savings[i].SavedUsd > 0m)
            {
                _savings.WithLabels(series.Labels[0], series.Labels[1], series.Labels[2], series.Labels[3], _levers.Admit(savings[i].Lever)).Inc((double)savings[i].SavedUsd);
            }
        }

        var result = CacheResultIndex(entry.CacheStatus);
        if (result >= 0)
        {
            series.CacheResults[result].Inc();
            Interlocked.Increment(ref _cacheTotals[result]);
        }

        if (entry.ErrorType is { } errorType)
        {
            _errors.WithLabels(series.Labels[0], series.Labels[1], series.Labels[2], series.Labels[3], _errorTypes.Admit(errorType)).Inc();
        }

        if (upstreamSeconds is { } upstream)
        {
            series.UpstreamLatency.Observe(upstream);
        }

        series.GatewayOverhead.Observe(overheadSeconds);
    }

    /// <summary>Counts one request refused before its caller was identified.</summary>
    /// <param name="reason">A short, fixed word (<c>missing_key</c>, <c>invalid_key</c> …), never anything the client sent.</param>
    public void CountRefused(string reason) => _refused.WithLabels(reason).Inc();

    /// <summary>Writes every metric in the Prometheus text format.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => Registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    private static void AddTokens(Counter.Child counter, long tokens)
    {
        if (tokens > 0)
        {
            counter.Inc(tokens);
        }
    }

    private static int CacheResultIndex(string status) => status switch
    {
        CacheStatuses.Hit => 0,
        CacheStatuses.SemanticHit => 1,
        CacheStatuses.Coalesced => 2,
        CacheStatuses.Miss => 3,
        CacheStatuses.Bypass => 4,
        _ => -1,
    };

    private MetricSeries SeriesOf(LedgerEntry entry)
    {
        var key = new SeriesKey(
            _features.Admit(entry.Feature),
            _models.Admit(entry.ServedModel ?? entry.RequestedModel),
            _providers.Admit(entry.Provider),
            _teams.Admit(entry.Team));
        return _series.TryGetValue(key, out var series)
            ? series
            : _series.GetOrAdd(key, static (key, metrics) => new MetricSeries(metrics, [key.Feature, key.Model, key.Provider, key.Team]), this);
    }

    private void UpdateHitRatios()
    {
        long answerable = 0;
        for (var i = 0; i < _cacheTotals.Length; i++)
        {
            if (CacheResults[i] != CacheStatuses.Bypass)
            {
                answerable += Volatile.Read(ref _cacheTotals[i]);
            }
        }

        for (var i = 0; i < HitKinds.Length; i++)
        {
            var hits = Volatile.Read(ref _cacheTotals[CacheResultIndex(HitKinds[i])]);
            _hitRatio.WithLabels(KindName(HitKinds[i])).Set(answerable == 0 ? 0 : (double)hits / answerable);
        }
    }

    private static string KindName(string status) => status switch
    {
        CacheStatuses.Hit => Levers.Exact,
        CacheStatuses.SemanticHit => Levers.Semantic,
        _ => Levers.Coalesced,
    };
}
