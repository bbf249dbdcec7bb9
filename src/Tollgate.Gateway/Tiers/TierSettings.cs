using System.Runtime.CompilerServices;
using Tollgate.Core.Budgets;
using Tollgate.Core.Tiers;
using Tollgate.Gateway.Budgets;

namespace Tollgate.Gateway.Tiers;

/// <summary>
/// The tiers a configuration sets (<c>Tollgate:Tiers</c>, <c>Tollgate:DefaultTier</c>, <c>Tollgate:Users:USER:Tier</c>),
/// read once per <see cref="GatewayOptions"/> instance (a reload makes a new one), never per request; and checked, at start
/// and on every reload, by <see cref="Validate"/>. Their rate limits are <see cref="Limits.RateLimitSettings"/>'.
/// </summary>
internal sealed class TierSettings
{
    private static readonly ConditionalWeakTable<GatewayOptions, TierSettings> Compiled = new();

    private readonly Dictionary<string, string> _names;

    private TierSettings(GatewayOptions options)
    {
        _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var budgets = new Dictionary<string, BudgetDefinition[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, tier) in options.Tiers ?? [])
        {
            if (!TierName.IsValid(name))
            {
                continue; // refused by the validator
            }

            _names[name] = name;
            budgets[name] = [.. ConfiguredBudgets.Read(tier?.Budgets)];
        }

        Budgets = budgets;
        DefaultTier = options.DefaultTier is { } fallback && _names.TryGetValue(fallback.Trim(), out var canonical) ? canonical : null;
    }

    /// <summary>Each tier's budgets (without a member), by tier name, compared without regard to case.</summary>
    public IReadOnlyDictionary<string, BudgetDefinition[]> Budgets { get; }

    /// <summary>The tier of keys and users that belong to none, by its configured name; null when none is set.</summary>
    public string? DefaultTier { get; }

    /// <summary>Whether no tier is configured (no request then has one).</summary>
    public bool IsEmpty => _names.Count == 0;

    /// <summary>The names of the tiers, as configured.</summary>
    public IEnumerable<string> Names => _names.Values;

    /// <summary>The settings of <paramref name="options"/> (the same instance for the same options).</summary>
    public static TierSettings Of(GatewayOptions options) =>
        Compiled.TryGetValue(options, out var settings) ? settings : Compiled.GetValue(options, static options => new TierSettings(options));

    /// <summary>The configured name of the tier <paramref name="name"/> names (in any case); false when there is no such tier.</summary>
    public bool TryFind(string? name, out string configured)
    {
        configured = string.Empty;
        return name is not null && _names.TryGetValue(name, out configured!);
    }

    /// <summary>Adds a failure for each tier setting that is wrong (its rate limits are checked with the others').</summary>
    public static void Validate(GatewayOptions options, ref List<string>? failures)
    {
        foreach (var (name, tier) in options.Tiers ?? [])
        {
            if (!TierName.IsValid(name))
            {
                (failures ??= []).Add($"Tiers:{name}: a tier's name is 1 to {TierName.MaxLength} letters, digits, '.', '_' and '-'.");
            }

            ValidateBudgets(name, tier?.Budgets, ref failures);
        }

        if (options.DefaultTier is { } fallback && !NamesIn(options).Contains(fallback.Trim()))
        {
            (failures ??= []).Add($"DefaultTier names the tier '{fallback}', which Tiers does not define{Known(options)}.");
        }

        foreach (var (user, settings) in options.Users ?? [])
        {
            if (settings?.Tier is { } tier && !NamesIn(options).Contains(tier.Trim()))
            {
                (failures ??= []).Add($"Users:{user}:Tier names the tier '{tier}', which Tiers does not define{Known(options)}.");
            }
        }
    }

    private static void ValidateBudgets(string tier, List<BudgetDocument>? budgets, ref List<string>? failures)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (budgets?.Count ?? 0); i++)
        {
            var path = $"Tiers:{tier}:Budgets:{i}";
            var document = budgets![i];
            if (document.Scope is not null)
            {
                (failures ??= []).Add($"{path}: a tier's budget has no Scope: each member of the tier (the user or key it has the tier from) gets one of its own; remove Scope '{document.Scope}'.");
                continue;
            }

            var definition = document.ToDefinition(null, out var problems);
            foreach (var problem in problems)
            {
                (failures ??= []).Add($"{path}: {problem}.");
            }

            if (definition is not null && !ids.Add(definition.Id))
            {
                (failures ??= []).Add($"{path}: budget \"{definition.Id}\" is defined twice in the tier.");
            }
        }
    }

    private static HashSet<string> NamesIn(GatewayOptions options) => options.Tiers is null ? [] : new(options.Tiers.Keys, StringComparer.OrdinalIgnoreCase);

    private static string Known(GatewayOptions options) =>
        options.Tiers is { Count: > 0 } tiers ? $" (it has {string.Join(", ", tiers.Keys)})" : " (it defines none)";
}
