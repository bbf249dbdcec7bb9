namespace Tollgate.Core.Pricing;

/// <summary>The <c>discounts</c> object of a pricing file as written on disk, before validation.</summary>
internal sealed class PricingDiscountsEntry
{
    /// <summary>Provider → multiplier of every list price of that provider's models.</summary>
    public Dictionary<string, decimal?>? Providers { get; init; }

    /// <summary>Model (or alias) → multiplier of every list price of that model; replaces its provider's.</summary>
    public Dictionary<string, decimal?>? Models { get; init; }
}
