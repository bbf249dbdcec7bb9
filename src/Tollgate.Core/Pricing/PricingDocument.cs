namespace Tollgate.Core.Pricing;

/// <summary>The pricing file as written on disk (snake_case JSON), before validation.</summary>
internal sealed class PricingDocument
{
    public string? Version { get; init; }

    public string? Currency { get; init; }

    public string? Unit { get; init; }

    public string? AsOf { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string>? Notes { get; init; }

    public Dictionary<string, PricingModelEntry?>? Models { get; init; }

    /// <summary>Extra names for models: alias → model name.</summary>
    public Dictionary<string, string?>? Aliases { get; init; }

    /// <summary>Negotiated discounts: multipliers of the list prices, per provider and per model.</summary>
    public PricingDiscountsEntry? Discounts { get; init; }

    /// <summary>Built-in tools billed per call: provider → tool kind → price.</summary>
    public Dictionary<string, Dictionary<string, PricingToolCallEntry?>?>? ToolCalls { get; init; }
}
