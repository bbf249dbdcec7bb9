namespace Tollgate.Core.Pricing;

/// <summary>
/// A validated pricing file: its models by name, its aliases (alias → model name), its discounts (names as written,
/// resolved against the catalog they are merged into), its per-call tool prices (model names as written, resolved the
/// same way), its version and the date its prices were checked.
/// </summary>
internal sealed record PricingFile(
    string Name,
    string? Version,
    string? AsOf,
    IReadOnlyDictionary<string, ModelPrice> Models,
    IReadOnlyDictionary<string, string> Aliases,
    PricingDiscounts Discounts,
    IReadOnlyList<ToolCallPrice> ToolCalls);
