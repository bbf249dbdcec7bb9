using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pricing;

/// <summary>The catalog's per-call prices of the built-in tools: lookup, pricing an answer's calls, and resolving a file's.</summary>
public sealed partial class PricingCatalog
{
    /// <summary>The per-call price of <paramref name="kind"/> at <paramref name="provider"/>, or null when the catalog lists none.</summary>
    public ToolCallPrice? FindToolCall(string? provider, string kind) =>
        provider is not null && _toolCalls.TryGetValue(ToolKey(provider, kind), out var price) ? price : null;

    /// <summary>
    /// What <paramref name="calls"/> cost when <paramref name="model"/> made them at <paramref name="provider"/> (the
    /// model's own provider when it is priced): each kind at its per-call price for that model, the model's negotiated
    /// discount (or else the provider's) applied. Kinds the catalog lists no price for are named in
    /// <see cref="ToolCallCharge.Unpriced"/> and add nothing.
    /// </summary>
    public ToolCallCharge PriceToolCalls(BuiltInToolCalls calls, ModelPrice? model, string? provider)
    {
        if (calls.Total == 0)
        {
            return ToolCallCharge.None;
        }

        provider = model?.Provider ?? provider;
        var multiplier = model?.DiscountMultiplier
            ?? (provider is not null && Discounts.Providers.TryGetValue(provider, out var discount) ? discount : 1m);
        decimal list = 0m;
        var unpriced = default(BuiltInToolCalls);
        foreach (var kind in BuiltInToolKinds.All)
        {
            var count = calls.Count(kind);
            if (count == 0)
            {
                continue;
            }

            if (FindToolCall(provider, kind) is { } price)
            {
                list += count * price.PriceFor(model?.Model);
            }
            else
            {
                unpriced = unpriced.With(kind, count);
            }
        }

        return new ToolCallCharge(list, multiplier == 1m ? list : list * multiplier, unpriced.Total == 0 ? null : unpriced.ToString());
    }

    private static string ToolKey(string provider, string kind) => provider + "/" + kind;

    /// <summary>
    /// <paramref name="toolCalls"/> by provider and kind, each model named resolved to its canonical name in this
    /// catalog. A provider no model has, or a model the catalog cannot price, is a mistake in the file and stops the load.
    /// </summary>
    private Dictionary<string, ToolCallPrice> Resolve(PricingFile file, IEnumerable<ToolCallPrice> toolCalls)
    {
        var result = new Dictionary<string, ToolCallPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var price in toolCalls)
        {
            if (!_models.Values.Any(model => string.Equals(model.Provider, price.Provider, StringComparison.OrdinalIgnoreCase)))
            {
                throw PricingFileReader.Invalid(file.Name, $"\"tool_calls\" names provider \"{price.Provider}\", which no model in the catalog has.");
            }

            var models = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, perCall) in price.Models)
            {
                var model = Find(name) ?? throw PricingFileReader.Invalid(file.Name, $"tool \"{price.Kind}\" of provider \"{price.Provider}\" prices model \"{name}\", which the catalog does not price.");
                models[model.Model] = perCall;
            }

            result[ToolKey(price.Provider, price.Kind)] = price with { Models = models };
        }

        return result;
    }
}
