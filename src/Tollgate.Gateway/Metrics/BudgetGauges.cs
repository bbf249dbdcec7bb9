using Prometheus;
using Tollgate.Core.Budgets;
using Tollgate.Gateway.Budgets;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// Budget gauges, read from the budget counters when <c>/metrics</c> is scraped (not kept up per request): for each
/// budget in force, its spend in the current window, its limit and its utilisation (spend over limit, in dollars, or
/// in tokens for a budget that limits only tokens). A budget removed since the last scrape leaves the gauges.
/// </summary>
internal sealed class BudgetGauges
{
    private static readonly string[] BudgetLabels = ["budget", "scope"];

    private readonly BudgetBook _budgets;
    private readonly IBudgetCounters _counters;
    private readonly Gauge _utilisation;
    private readonly Gauge _spent;
    private readonly Gauge _limit;
    private readonly Lock _gate = new();
    private HashSet<(string Budget, string Scope)> _shown = [];

    public BudgetGauges(TollgateMetrics metrics, BudgetBook budgets, IBudgetCounters counters)
    {
        _budgets = budgets;
        _counters = counters;
        var factory = metrics.Factory;
        _utilisation = factory.CreateGauge("tollgate_budget_utilisation_ratio", "Share of each budget's limit spent in its current window (dollars, or tokens when it limits only tokens); 1 is the limit.", BudgetLabels);
        _spent = factory.CreateGauge("tollgate_budget_spent_usd", "Dollars each budget has spent in its current window.", BudgetLabels);
        _limit = factory.CreateGauge("tollgate_budget_limit_usd", "Each budget's dollar limit, top-ups included (absent for a budget that limits only tokens).", BudgetLabels);
        metrics.Registry.AddBeforeCollectCallback(UpdateAsync);
    }

    private async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var set = await _budgets.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<BudgetState>(set.All.Count);
        foreach (var budget in set.All)
        {
            states.Add(await _counters.GetStateAsync(budget, cancellationToken).ConfigureAwait(false));
        }

        lock (_gate)
        {
            var shown = new HashSet<(string, string)>();
            foreach (var state in states)
            {
                var labels = (state.Budget.Id, state.Budget.Scope.ToString());
                shown.Add(labels);
                _spent.WithLabels(labels.Item1, labels.Item2).Set((double)state.Spent.Usd);
                if (state.Budget.EffectiveLimitUsd is { } limit)
                {
                    _limit.WithLabels(labels.Item1, labels.Item2).Set((double)limit);
                    _utilisation.WithLabels(labels.Item1, labels.Item2).Set(limit == 0m ? 1 : (double)(state.Spent.Usd / limit));
                }
                else if (state.Budget.LimitTokens is { } tokens)
                {
                    _utilisation.WithLabels(labels.Item1, labels.Item2).Set(tokens == 0 ? 1 : (double)state.Spent.Tokens / tokens);
                }
            }

            foreach (var (budget, scope) in _shown)
            {
                if (!shown.Contains((budget, scope)))
                {
                    _spent.RemoveLabelled(budget, scope);
                    _limit.RemoveLabelled(budget, scope);
                    _utilisation.RemoveLabelled(budget, scope);
                }
            }

            _shown = shown;
        }
    }
}
