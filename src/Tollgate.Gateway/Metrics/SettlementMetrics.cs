using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// The one place settled requests are measured: each final ledger row goes to the Prometheus metrics
/// (<see cref="TollgateMetrics"/>) and, when something listens, to OpenTelemetry (<see cref="GenAiTelemetry"/>). The
/// upstream time is the providers' (each attempt from its sending to its status line); the gateway's overhead is the
/// rest of the request's latency, counted for a stream up to its first byte (after it, the provider sets the pace).
/// </summary>
internal sealed class SettlementMetrics : ISettlementObserver
{
    private readonly TollgateMetrics _metrics;
    private readonly GenAiTelemetry _telemetry;

    public SettlementMetrics(TollgateMetrics metrics, GenAiTelemetry telemetry)
    {
        _metrics = metrics;
        _telemetry = telemetry;
    }

    public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var (upstream, overhead) = Split(exchange.UpstreamAttempts, entry);
        _metrics.Record(entry, upstream, overhead);
        if (_telemetry.Enabled)
        {
            _telemetry.Record(exchange, entry);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The providers' seconds (null when no call was made) and the gateway's own.</summary>
    internal static (double? Upstream, double Overhead) Split(IReadOnlyList<UpstreamAttempt> attempts, LedgerEntry entry)
    {
        var measured = entry.Stream && entry.TimeToFirstTokenMs is { } firstByte ? firstByte : entry.LatencyMs;
        if (attempts.Count == 0)
        {
            return (null, Math.Max(0, measured) / 1000);
        }

        double upstreamMs = 0;
        for (var i = 0; i < attempts.Count; i++)
        {
            upstreamMs += attempts[i].LatencyMs;
        }

        return (upstreamMs / 1000, Math.Max(0, measured - upstreamMs) / 1000);
    }
}
