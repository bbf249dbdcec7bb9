namespace Tollgate.Core.Pricing;

/// <summary>
/// What an answer's built-in tool calls cost, at list price and as billed (the discount applied), and which kinds
/// the catalog could not price.
/// </summary>
/// <param name="ListUsd">The priced calls at list price.</param>
/// <param name="CostUsd">The priced calls as billed, after any negotiated discount.</param>
/// <param name="Unpriced">The calls without a price, as a remark lists them (<c>1 file_search_call</c>); null when every call is priced.</param>
public readonly record struct ToolCallCharge(decimal ListUsd, decimal CostUsd, string? Unpriced)
{
    /// <summary>No tool calls: nothing to add.</summary>
    public static ToolCallCharge None => default;
}
