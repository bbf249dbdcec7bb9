using System.Collections.Frozen;

namespace Tollgate.Core.Pricing;

/// <summary>
/// Negotiated discounts of a catalog: the share of the list prices actually paid (0.8 is 20 % off), per provider and
/// per model. A model's own multiplier replaces its provider's; the multipliers do not compound.
/// </summary>
public sealed class PricingDiscounts
{
    internal PricingDiscounts(IReadOnlyDictionary<string, decimal> providers, IReadOnlyDictionary<string, decimal> models)
    {
        Providers = providers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Models = models.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>No discount at all.</summary>
    public static PricingDiscounts None { get; } = new(new Dictionary<string, decimal>(), new Dictionary<string, decimal>());

    /// <summary>Multiplier per provider, applied to every model of the provider that has no multiplier of its own.</summary>
    public IReadOnlyDictionary<string, decimal> Providers { get; }

    /// <summary>Multiplier per model, by the model's canonical name (an alias in the pricing file is resolved).</summary>
    public IReadOnlyDictionary<string, decimal> Models { get; }

    /// <summary>Whether any discount is set.</summary>
    public bool IsEmpty => Providers.Count == 0 && Models.Count == 0;
}
