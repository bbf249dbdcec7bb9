using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Alerts;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;

namespace Tollgate.Gateway.Budgets;

/// <summary>
/// Counts each settled call of a feature with a unit budget (<see cref="UnitBudgets"/>) at its row's cost, and raises
/// one <see cref="AlertKinds.BudgetUnitExceeded"/> alert per period once the period's average passes the target by more
/// than 20% over at least the budget's <c>MinCalls</c>. A call is a generation that reached the provider or that a
/// lever answered (cache hits count, at their cost of 0, and so lower the average); refusals are not calls.
/// </summary>
internal sealed partial class UnitBudgetSettlement : ISettlementObserver
{
    private readonly UnitBudgets _budgets;
    private readonly IUnitBudgetCounters _counters;
    private readonly IAlertPublisher _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<UnitBudgetSettlement> _logger;

    // The period each unit budget last alerted in, so a period past its target publishes once, not on every call; the
    // alert's dedupe key keeps it once across restarts.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _alerted = new(StringComparer.Ordinal);

    public UnitBudgetSettlement(UnitBudgets budgets, IUnitBudgetCounters counters, IAlertPublisher alerts, TimeProvider time, ILogger<UnitBudgetSettlement> logger)
    {
        _budgets = budgets;
        _counters = counters;
        _alerts = alerts;
        _time = time;
        _logger = logger;
    }

    public async ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (_budgets.For(exchange.Feature) is not { } budget || !IsCall(exchange, entry))
        {
            return;
        }

        var state = await _counters.AddCallAsync(budget, entry.RequestId, entry.CostUsd ?? 0m, cancellationToken).ConfigureAwait(false);
        if (!state.Exceeded || (_alerted.TryGetValue(budget.Id, out var alertedIn) && alertedIn == state.Window.Start))
        {
            return;
        }

        // Two calls passing it at once may both publish: the store keeps one (the dedupe key).
        _alerted[budget.Id] = state.Window.Start;

        LogUnitExceeded(_logger, budget.DisplayName, state.UsdPer1000Calls ?? 0m, budget.UsdPer1000Calls, state.Calls);
        _alerts.Publish(BudgetAlerts.UnitExceeded(
            new AlertSubject(budget.Id, budget.DisplayName, budget.Scope.ToString()),
            state.Calls,
            state.SpentUsd,
            budget.UsdPer1000Calls,
            state.Window.Start,
            state.Window.ResetsAt,
            _time.GetUtcNow()));
    }

    /// <summary>A generation that reached the provider, or that a lever answered (a refused hit is no answer).</summary>
    private static bool IsCall(ExchangeContext exchange, LedgerEntry entry) =>
        exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses
        && entry.Status != 0
        && (entry.Attempts > 0
            || (entry.CacheStatus is CacheStatuses.Hit or CacheStatuses.SemanticHit or CacheStatuses.Coalesced && entry.Status is >= 200 and < 300));

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Unit budget {Budget} exceeded: {Average:0.######} USD per 1,000 calls against a target of {Target} over {Calls} calls.")]
    private static partial void LogUnitExceeded(ILogger logger, string budget, decimal average, decimal target, long calls);
}
