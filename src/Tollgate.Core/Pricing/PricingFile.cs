namespace Tollgate.Core.Pricing;

/// <summary>A validated pricing file: its models by name, its aliases (alias → model name) and its version.</summary>
internal sealed record PricingFile(
    string Name,
    string? Version,
    IReadOnlyDictionary<string, ModelPrice> Models,
    IReadOnlyDictionary<string, string> Aliases);
