namespace Tollgate.Core.Pricing;

/// <summary>
/// What one call of a built-in tool costs at one provider, in USD per call, on top of the tokens of the answer. The
/// prices are list prices; a negotiated discount applies as it does to the model that made the call.
/// </summary>
/// <param name="Provider">Provider family (<c>openai</c>, <c>anthropic</c>, …).</param>
/// <param name="Kind">The tool, a <see cref="Exchange.BuiltInToolKinds"/> name (<c>web_search</c>, …).</param>
/// <param name="PerCall">Price of one call by any model without a price of its own.</param>
/// <param name="Models">Price of one call by these models (canonical names), where the provider's price differs.</param>
public sealed record ToolCallPrice(string Provider, string Kind, decimal PerCall, IReadOnlyDictionary<string, decimal> Models)
{
    /// <summary>The list price of one call made by <paramref name="model"/> (a canonical name, or null when unknown).</summary>
    public decimal PriceFor(string? model) =>
        model is not null && Models.TryGetValue(model, out var price) ? price : PerCall;
}
