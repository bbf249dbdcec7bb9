using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Diagnostics;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Counts requests refused before their caller was identified (a missing or wrong virtual key). They are no ledger
/// row, which would let anyone who can connect grow the database; instead each adds one to the counter
/// <c>tollgate.gateway.requests.refused</c> (tag <c>reason</c>) on the gateway's meter (<see cref="GatewayMeter"/>) and
/// to <c>tollgate_requests_refused_total</c> on <c>/metrics</c>, and the log hears of them at a bounded rate: the first refusal after a quiet spell at once, then at most one line per
/// <see cref="SummaryInterval"/> with how many followed.
/// </summary>
internal sealed partial class RefusedRequestCounter : IDisposable
{
    /// <summary>How often, at most, the log sums up refusals.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(10);

    private readonly GatewayMeter _meter;
    private readonly Metrics.TollgateMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private long _pendingTotal;
    private ITimer? _timer;
    private bool _disposed;

    public RefusedRequestCounter(GatewayMeter meter, Metrics.TollgateMetrics metrics, TimeProvider time, ILogger<RefusedRequestCounter> logger)
    {
        _meter = meter;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Counts one refused request.</summary>
    /// <param name="reason">A short, fixed word (<c>missing_key</c>, <c>invalid_key</c> …), never anything the client sent.</param>
    public void Count(string reason)
    {
        _meter.CountRefused(reason);
        _metrics.CountRefused(reason);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_timer is null)
            {
                LogRefused(_logger, reason, (int)SummaryInterval.TotalSeconds);
                _timer = _time.CreateTimer(static state => ((RefusedRequestCounter)state!).Summarise(), this, SummaryInterval, SummaryInterval);
                return;
            }

            _pending[reason] = _pending.GetValueOrDefault(reason) + 1;
            _pendingTotal++;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Summarise()
    {
        lock (_gate)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            if (_pendingTotal == 0)
            {
                // A quiet spell: the next refusal is logged at once again.
                _timer.Dispose();
                _timer = null;
                return;
            }

            var reasons = new StringBuilder();
            foreach (var (reason, count) in _pending)
            {
                reasons.Append(reasons.Length == 0 ? string.Empty : ", ").Append(reason).Append(": ").Append(count.ToString(CultureInfo.InvariantCulture));
            }

            LogSummary(_logger, _pendingTotal, (int)SummaryInterval.TotalSeconds, reasons.ToString());
            _pending.Clear();
            _pendingTotal = 0;
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Refused a request before identifying its caller ({Reason}); it has no ledger row. Further refusals are summed up every {Seconds} s.")]
    private static partial void LogRefused(ILogger logger, string reason, int seconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Refused {Count} more requests before identifying their callers in the last {Seconds} s ({Reasons}); they have no ledger rows.")]
    private static partial void LogSummary(ILogger logger, long count, int seconds, string reasons);
}
