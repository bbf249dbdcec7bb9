using Prometheus;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// The children of every metric for one combination of feature, model, provider and team, looked up once and kept, so
/// recording a request is one dictionary look-up and a few additions.
/// </summary>
internal sealed class MetricSeries
{
    public MetricSeries(TollgateMetrics metrics, string[] labels)
    {
        Labels = labels;
        Requests = metrics.RequestsCounter.WithLabels(labels);
        InputTokens = metrics.TokensCounter.WithLabels([.. labels, TollgateMetrics.InputTokenType]);
        CachedInputTokens = metrics.TokensCounter.WithLabels([.. labels, TollgateMetrics.CachedTokenType]);
        CacheWriteTokens = metrics.TokensCounter.WithLabels([.. labels, TollgateMetrics.CacheWriteTokenType]);
        OutputTokens = metrics.TokensCounter.WithLabels([.. labels, TollgateMetrics.OutputTokenType]);
        Cost = metrics.CostCounter.WithLabels(labels);
        BaselineCost = metrics.BaselineCostCounter.WithLabels(labels);
        CacheResults = new Counter.Child[TollgateMetrics.CacheResults.Count];
        for (var i = 0; i < CacheResults.Length; i++)
        {
            CacheResults[i] = metrics.CacheRequestsCounter.WithLabels([.. labels, TollgateMetrics.CacheResults[i]]);
        }

        UpstreamLatency = metrics.UpstreamLatencyHistogram.WithLabels(labels);
        GatewayOverhead = metrics.GatewayOverheadHistogram.WithLabels(labels);
    }

    /// <summary>Feature, model, provider, team, as recorded (capped).</summary>
    public string[] Labels { get; }

    public Counter.Child Requests { get; }

    public Counter.Child InputTokens { get; }

    public Counter.Child CachedInputTokens { get; }

    public Counter.Child CacheWriteTokens { get; }

    public Counter.Child OutputTokens { get; }

    public Counter.Child Cost { get; }

    public Counter.Child BaselineCost { get; }

    /// <summary>By the position of the cache status in <see cref="TollgateMetrics.CacheResults"/>.</summary>
    public Counter.Child[] CacheResults { get; }

    public Histogram.Child UpstreamLatency { get; }

    public Histogram.Child GatewayOverhead { get; }
}
