using Prometheus;
using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Gateway.Budgets;
using Tollgate.Gateway.Tiers;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// Budget gauges, read from the budget counters when <c>/metrics</c> is scraped (not kept up per request), for every
/// budget <c>/admin/budgets</c> lists: the budgets in force, each tier budget's instance for each member of its tier,
/// and the features' unit budgets. Spend in the current window, dollar limit, utilisation, and a unit budget's average
/// and target per 1,000 calls. A tier budget is labelled <c>budget</c> <c>tier:TIER:BUDGET</c> and <c>scope</c> its
/// member; members are capped like any label (<see cref="LabelValueCap"/>), those past the cap counted together as
/// <c>other</c> (<see cref="BudgetReading.Merge"/>). A budget removed since the last scrape leaves the gauges.
/// </summary>
internal sealed class BudgetGauges
{
    private static readonly string[] BudgetLabels = ["budget", "scope"];

    private readonly BudgetBook _budgets;
    private readonly IBudgetCounters _counters;
    private readonly TierBook _tiers;
    private readonly IVirtualKeyStore _keys;
    private readonly UnitBudgets _units;
    private readonly IUnitBudgetCounters _unitCounters;
    private readonly LabelValueCap _members;
    private readonly Gauge _utilisation;
    private readonly Gauge _spent;
    private readonly Gauge _limit;
    private readonly Gauge _unitAverage;
    private readonly Gauge _unitTarget;
    private readonly Lock _gate = new();
    private HashSet<(string Budget, string Scope)> _shown = [];

    public BudgetGauges(TollgateMetrics metrics, BudgetBook budgets, IBudgetCounters counters, TierBook tiers, IVirtualKeyStore keys, UnitBudgets units, IUnitBudgetCounters unitCounters)
    {
        _budgets = budgets;
        _counters = counters;
        _tiers = tiers;
        _keys = keys;
        _units = units;
        _unitCounters = unitCounters;
        _members = new LabelValueCap(metrics.MaxLabelValues);
        var factory = metrics.Factory;
        _utilisation = factory.CreateGauge("tollgate_budget_utilisation_ratio", "Share of each budget's limit spent in its current window (dollars, or tokens when it limits only tokens; a unit budget's average per 1,000 calls over its target); 1 is the limit.", BudgetLabels);
        _spent = factory.CreateGauge("tollgate_budget_spent_usd", "Dollars each budget has spent in its current window.", BudgetLabels);
        _limit = factory.CreateGauge("tollgate_budget_limit_usd", "Each budget's dollar limit, top-ups included (absent for a budget that limits only tokens, and for a unit budget).", BudgetLabels);
        _unitAverage = factory.CreateGauge("tollgate_unit_budget_usd_per_1000_calls", "A feature's unit budget: what its calls cost on average in the current period, in US dollars per 1,000 calls (absent before the first call).", BudgetLabels);
        _unitTarget = factory.CreateGauge("tollgate_unit_budget_target_usd_per_1000_calls", "A feature's unit budget: its target, in US dollars per 1,000 calls.", BudgetLabels);
        metrics.Registry.AddBeforeCollectCallback(UpdateAsync);
    }

    private async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var readings = new Dictionary<(string Budget, string Scope), BudgetReading>();
        var set = await _budgets.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        foreach (var budget in set.All)
        {
            readings[(budget.Id, budget.Scope.ToString())] = BudgetReading.Of(await _counters.GetStateAsync(budget, cancellationToken).ConfigureAwait(false));
        }

        if (set.HasTierBudgets)
        {
            await ReadTierBudgetsAsync(set, readings, cancellationToken).ConfigureAwait(false);
        }

        foreach (var unit in _units.All)
        {
            readings[(unit.Id, unit.Scope.ToString())] = BudgetReading.Of(await _unitCounters.GetStateAsync(unit, cancellationToken).ConfigureAwait(false));
        }

        lock (_gate)
        {
            foreach (var ((budget, scope), reading) in readings)
            {
                _spent.WithLabels(budget, scope).Set(reading.Spent);
                Show(_limit, budget, scope, reading.Limit);
                Show(_utilisation, budget, scope, reading.Utilisation);
                Show(_unitAverage, budget, scope, reading.UsdPer1000Calls);
                Show(_unitTarget, budget, scope, reading.TargetUsdPer1000Calls);
            }

            foreach (var (budget, scope) in _shown)
            {
                if (!readings.ContainsKey((budget, scope)))
                {
                    foreach (var gauge in (ReadOnlySpan<Gauge>)[_spent, _limit, _utilisation, _unitAverage, _unitTarget])
                    {
                        gauge.RemoveLabelled(budget, scope);
                    }
                }
            }

            _shown = [.. readings.Keys];
        }
    }

    /// <summary>Each tier budget's instance for each member of its tier, as <c>/admin/budgets</c> lists them.</summary>
    private async Task ReadTierBudgetsAsync(BudgetSet set, Dictionary<(string Budget, string Scope), BudgetReading> readings, CancellationToken cancellationToken)
    {
        var keys = await _keys.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var member in await _tiers.ListMembersAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            var instances = set.TierBudgetsOf(member);
            if (instances.Length == 0)
            {
                continue;
            }

            var templates = set.Tiers[member.Tier];
            var scope = _members.Admit(member.MemberName);
            for (var i = 0; i < instances.Length; i++)
            {
                var label = ("tier:" + member.Tier + ":" + templates[i].Id, scope);
                var reading = BudgetReading.Of(await _counters.GetStateAsync(instances[i], cancellationToken).ConfigureAwait(false));
                readings[label] = readings.TryGetValue(label, out var counted) ? counted.Merge(reading) : reading;
            }
        }
    }

    private static void Show(Gauge gauge, string budget, string scope, double? value)
    {
        if (value is { } shown)
        {
            gauge.WithLabels(budget, scope).Set(shown);
        }
        else
        {
            gauge.RemoveLabelled(budget, scope);
        }
    }
}
