using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>GET /admin/pricing</c>: the catalog in force (its version, the date the built-in prices were checked, the
/// pricing file merged over them, the discounts, every model with its prices, every built-in tool's per-call price)
/// and the models seen in traffic that
/// it cannot price, so an operator sees them before the bill does.
/// </summary>
internal sealed record PricingResponse(
    string Version,
    string? AsOf,
    string Currency,
    string Unit,
    PricingSource? PricingFile,
    PricingDiscountsResponse Discounts,
    IReadOnlyList<ModelPriceResponse> Models,
    IReadOnlyList<ToolCallPriceResponse> ToolCalls,
    IReadOnlyList<UnpricedModel> UnpricedModels)
{
    public static PricingResponse From(PricingCatalog catalog, IReadOnlyList<UnpricedModel> unpriced)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, model) in catalog.Aliases)
        {
            if (!aliases.TryGetValue(model, out var names))
            {
                aliases[model] = names = [];
            }

            names.Add(alias);
        }

        var models = new List<ModelPriceResponse>(catalog.Models.Count);
        foreach (var price in catalog.Models)
        {
            var names = aliases.TryGetValue(price.Model, out var found) ? found : [];
            names.Sort(StringComparer.Ordinal);
            models.Add(ModelPriceResponse.From(price, names));
        }

        models.Sort(static (a, b) =>
        {
            var byProvider = string.CompareOrdinal(a.Provider, b.Provider);
            return byProvider != 0 ? byProvider : string.CompareOrdinal(a.Model, b.Model);
        });

        var toolCalls = new List<ToolCallPriceResponse>(catalog.ToolCalls.Count);
        foreach (var price in catalog.ToolCalls)
        {
            toolCalls.Add(ToolCallPriceResponse.From(price, catalog.Discounts));
        }

        toolCalls.Sort(static (a, b) =>
        {
            var byProvider = string.CompareOrdinal(a.Provider, b.Provider);
            return byProvider != 0 ? byProvider : string.CompareOrdinal(a.Tool, b.Tool);
        });

        return new PricingResponse(
            catalog.Version,
            catalog.AsOf,
            "USD",
            "per_million_tokens",
            catalog.PricingFile,
            new PricingDiscountsResponse(Sorted(catalog.Discounts.Providers), Sorted(catalog.Discounts.Models)),
            models,
            toolCalls,
            unpriced);
    }

    private static SortedDictionary<string, decimal> Sorted(IReadOnlyDictionary<string, decimal> multipliers)
    {
        var sorted = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, multiplier) in multipliers)
        {
            sorted[name] = multiplier;
        }

        return sorted;
    }
}
