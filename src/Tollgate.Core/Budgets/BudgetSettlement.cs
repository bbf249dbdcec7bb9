using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;

namespace Tollgate.Core.Budgets;

/// <summary>
/// Replaces an exchange's budget reservation by what its row says it cost, once the row is durable, and gives back the
/// rest: a failed, cut or cancelled call settles what the provider billed (the row's cost, an estimate where the provider
/// reported nothing), a refused one nothing. Warning fractions the spend crosses are logged and passed to the
/// <see cref="IBudgetThresholdListener"/>s.
/// </summary>
public sealed partial class BudgetSettlement : ISettlementObserver
{
    private readonly IBudgetCounters _counters;
    private readonly IBudgetThresholdListener[] _listeners;
    private readonly ILogger<BudgetSettlement> _logger;

    /// <summary>Creates the observer.</summary>
    public BudgetSettlement(IBudgetCounters counters, IEnumerable<IBudgetThresholdListener> listeners, ILogger<BudgetSettlement> logger)
    {
        _counters = counters;
        _listeners = [.. listeners];
        _logger = logger;
    }

    /// <inheritdoc />
    public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(entry);
        if (exchange.BudgetReservation is not { IsCompleted: false } reservation)
        {
            return ValueTask.CompletedTask;
        }

        // An unknown cost is not zero: the reservation, the most the call could cost, stays spent. A row charged at
        // another amount than its cost (a cache hit charged back at its baseline) settles that amount.
        var actual = new BudgetCharge(entry.ChargedUsd ?? entry.CostUsd ?? reservation.Charge.Usd, entry.InputTokens + entry.OutputTokens);
        return SettleAsync(reservation, actual, cancellationToken);
    }

    /// <summary>Settles <paramref name="reservation"/> at <paramref name="actual"/> and reports the fractions crossed.</summary>
    public async ValueTask SettleAsync(BudgetReservation reservation, BudgetCharge actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var crossings = await _counters.SettleAsync(reservation, actual, cancellationToken).ConfigureAwait(false);
        foreach (var crossing in crossings)
        {
            LogThresholdCrossed(_logger, crossing.Budget.DisplayName, crossing.Budget.Id, crossing.Fraction * 100m, crossing.State.Spent.Usd, crossing.Budget.EffectiveLimitUsd);
            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnThresholdCrossedAsync(crossing, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    LogListenerFailed(_logger, exception, listener.GetType().Name, crossing.Budget.Id);
                }
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Budget {Budget} ({BudgetId}) reached {Percent:0.#}% of its limit: {SpentUsd} USD spent of {LimitUsd} USD.")]
    private static partial void LogThresholdCrossed(ILogger logger, string budget, string budgetId, decimal percent, decimal spentUsd, decimal? limitUsd);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Budget threshold listener {Listener} failed for budget {BudgetId}.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener, string budgetId);
}
