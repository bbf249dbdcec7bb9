using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;

namespace Tollgate.Gateway.Budgets;

/// <summary>
/// The unit budgets of <c>Tollgate:Features:NAME:UnitBudget</c>, checked and turned into <see cref="UnitBudget"/>s once
/// per configuration (followed as it reloads), so a settled call finds its feature's with one lookup.
/// </summary>
internal sealed class UnitBudgets
{
    private static readonly Dictionary<string, UnitBudget> None = new(StringComparer.OrdinalIgnoreCase);

    private readonly IOptionsMonitor<GatewayOptions> _options;
    private volatile Snapshot? _current;

    public UnitBudgets(IOptionsMonitor<GatewayOptions> options) => _options = options;

    /// <summary>Every unit budget in force, by feature.</summary>
    public IReadOnlyCollection<UnitBudget> All => Current().Values;

    /// <summary>The unit budget of <paramref name="feature"/>, or null when it has none.</summary>
    public UnitBudget? For(string? feature) => feature is not null && Current().TryGetValue(feature, out var budget) ? budget : null;

    /// <summary>Adds a failure for every problem of the features' unit budgets.</summary>
    public static void Validate(GatewayOptions options, ref List<string>? failures)
    {
        foreach (var (name, feature) in options.Features ?? [])
        {
            if (feature?.UnitBudget is { } unit)
            {
                Read(name, unit, ref failures);
            }
        }
    }

    private Dictionary<string, UnitBudget> Current()
    {
        var options = _options.CurrentValue;
        var current = _current;
        if (current is not null && ReferenceEquals(current.Options, options))
        {
            return current.Budgets;
        }

        Dictionary<string, UnitBudget>? budgets = null;
        List<string>? ignored = null;
        foreach (var (name, feature) in options.Features ?? [])
        {
            if (feature?.UnitBudget is { } unit && Read(name, unit, ref ignored) is { } budget)
            {
                (budgets ??= new(StringComparer.OrdinalIgnoreCase))[name] = budget;
            }
        }

        _current = new Snapshot(options, budgets ?? None);
        return budgets ?? None;
    }

    private static UnitBudget? Read(string feature, UnitBudgetOptions unit, ref List<string>? failures)
    {
        var path = $"Features:{feature}:UnitBudget";
        var before = failures?.Count ?? 0;
        if (unit.UsdPer1000Calls is not > 0m)
        {
            (failures ??= []).Add($"{path}:UsdPer1000Calls must be above 0, e.g. 2.0 for $2 per 1,000 calls.");
        }

        if (unit.MinCalls is < 1)
        {
            (failures ??= []).Add($"{path}:MinCalls must be at least 1; it is {unit.MinCalls}.");
        }

        var period = UnitBudget.ReadPeriod(unit.Period, out var problem);
        if (problem is not null)
        {
            (failures ??= []).Add($"{path}:Period: {problem}.");
        }

        return (failures?.Count ?? 0) == before && period is not null
            ? new UnitBudget(feature, unit.UsdPer1000Calls!.Value, period, unit.MinCalls ?? UnitBudget.DefaultMinCalls)
            : null;
    }

    private sealed record Snapshot(GatewayOptions Options, Dictionary<string, UnitBudget> Budgets);
}
