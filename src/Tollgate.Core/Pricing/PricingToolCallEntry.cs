namespace Tollgate.Core.Pricing;

/// <summary>One built-in tool of one provider in a pricing file's <c>tool_calls</c> section, as written on disk.</summary>
internal sealed class PricingToolCallEntry
{
    /// <summary>USD per call, for every model without a price of its own.</summary>
    public decimal? PerCall { get; init; }

    /// <summary>Model (or alias) → USD per call, where the provider bills that model's calls differently.</summary>
    public Dictionary<string, decimal?>? Models { get; init; }

    public string? Source { get; init; }

    public string? AsOf { get; init; }

    public string? Notes { get; init; }
}
