using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;

namespace Tollgate.Core.Settlement;

/// <summary>
/// The background half of the settler: a background response's creating call leaves its row with the usage to come, and
/// the row is settled in place when the response ends; created responses are told to the stored-response tracker.
/// </summary>
public sealed partial class LedgerSettler
{
    /// <summary>The remark on a background response's row while its usage is still to come.</summary>
    public const string BackgroundPendingWarning = "background response: usage is settled when the response completes; cost unknown until then";

    /// <summary>
    /// Settles the row a background response's creating call left with an unknown cost (<paramref name="queued"/>), now
    /// that the response has ended: the final usage, cost, baseline, served model and error replace the pending ones in
    /// the same row (same request id), the remark that the usage was to come goes, and the observers are told, once.
    /// Attribution, timing and status stay the creating call's.
    /// </summary>
    /// <returns>The row as written.</returns>
    public async ValueTask<LedgerEntry> SettleBackgroundAsync(LedgerEntry queued, BackgroundResponseOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(outcome);
        var exchange = new SettledLaterExchange(queued)
        {
            ServedModel = outcome.ServedModel ?? queued.ServedModel,
            Usage = outcome.Usage,
            ErrorType = outcome.ErrorType,
            BuiltInToolCalls = outcome.BuiltInToolCalls,
            Warning = WithoutRemark(queued.Warning, BackgroundPendingWarning),
        };
        if (outcome.Warning is not null)
        {
            exchange.AddWarning(outcome.Warning);
        }

        // No usage reported: the cost stays unknown (never zero), and the row says why.
        var breakdown = outcome.Usage is null ? new CostBreakdown(null, null, []) : Breakdown(exchange);
        var usage = exchange.Usage ?? default;
        var entry = queued with
        {
            ServedModel = exchange.ServedModel,
            InputTokens = usage.InputTokens,
            CachedInputTokens = usage.CachedInputTokens,
            CacheWriteTokens = usage.CacheWriteTokens,
            CacheWrite1hTokens = usage.OneHourCacheWriteTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = breakdown.CostUsd,
            BaselineCostUsd = breakdown.BaselineCostUsd,
            Lever = breakdown.LargestLever,
            Savings = breakdown.Savings,
            ErrorType = exchange.ErrorType,
            Warning = exchange.Warning,
        };
        exchange.CostUsd = entry.CostUsd;
        exchange.BaselineCostUsd = entry.BaselineCostUsd;
        try
        {
            await _ledger.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLedgerWriteFailed(_logger, exception, queued.RequestId);
            throw;
        }

        if (_observers.Length != 0)
        {
            await NotifyAsync(exchange, entry, cancellationToken).ConfigureAwait(false);
        }

        return entry;
    }

    private async ValueTask TrackAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _responses!.OnRowWrittenAsync(exchange, entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The row is durable and the answer is on its way; what the tracker failed to keep it has logged.
            LogObserverFailed(_logger, exception, _responses!.GetType().Name, exchange.RequestId);
        }
    }

    private static string? WithoutRemark(string? warning, string remark)
    {
        // Remarks are joined with "; ", which the remark itself contains: cut it out whole, never split on it.
        if (warning is null || string.Equals(warning, remark, StringComparison.Ordinal))
        {
            return null;
        }

        return warning.Replace("; " + remark, string.Empty, StringComparison.Ordinal).Replace(remark + "; ", string.Empty, StringComparison.Ordinal);
    }
}
