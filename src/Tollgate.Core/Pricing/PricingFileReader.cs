using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pricing;

/// <summary>Parses and validates one pricing file; every failure names the file and what is wrong.</summary>
internal static class PricingFileReader
{
    private const string Currency = "USD";
    private const string Unit = "per_million_tokens";

    public static PricingFile Read(ReadOnlySpan<byte> utf8Json, string fileName)
    {
        PricingDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, PricingJsonContext.Default.PricingDocument);
        }
        catch (JsonException ex)
        {
            throw Invalid(fileName, ex.Message, ex);
        }

        if (document is null)
        {
            throw Invalid(fileName, "the file holds JSON null instead of a pricing object.");
        }

        if (document.Currency is { } currency && !string.Equals(currency, Currency, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(fileName, $"\"currency\" is \"{currency}\"; prices must be in {Currency}.");
        }

        if (document.Unit is { } unit && !string.Equals(unit, Unit, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(fileName, $"\"unit\" is \"{unit}\"; prices must be given {Unit}.");
        }

        var models = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in document.Models ?? [])
        {
            var model = ReadModel(fileName, name, entry);
            if (!models.TryAdd(model.Model, model))
            {
                throw Invalid(fileName, $"model \"{name}\" is listed twice (names are case-insensitive).");
            }

            foreach (var alias in entry!.Aliases ?? [])
            {
                AddAlias(fileName, aliases, alias, model.Model);
            }
        }

        foreach (var (alias, target) in document.Aliases ?? [])
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                throw Invalid(fileName, $"alias \"{alias}\" does not name a model.");
            }

            AddAlias(fileName, aliases, alias, target.Trim());
        }

        foreach (var alias in aliases.Keys)
        {
            if (models.ContainsKey(alias))
            {
                throw Invalid(fileName, $"\"{alias}\" is both a model and an alias.");
            }
        }

        return new PricingFile(fileName, document.Version, document.AsOf, models, aliases, ReadDiscounts(fileName, document.Discounts), ReadToolCalls(fileName, document.ToolCalls));
    }

    public static PricingCatalogException Invalid(string fileName, string problem, Exception? inner = null)
    {
        var message = $"Pricing file '{fileName}' is not valid: {problem}";
        return inner is null ? new PricingCatalogException(message) : new PricingCatalogException(message, inner);
    }

    private static ModelPrice ReadModel(string fileName, string name, PricingModelEntry? entry)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length != name.Length)
        {
            throw Invalid(fileName, $"model name \"{name}\" is empty or has leading or trailing spaces.");
        }

        if (entry is null)
        {
            throw Invalid(fileName, $"model \"{name}\" is null instead of an object with prices.");
        }

        if (string.IsNullOrWhiteSpace(entry.Provider))
        {
            throw Invalid(fileName, $"model \"{name}\" has no \"provider\".");
        }

        return new ModelPrice(
            name,
            entry.Provider.Trim(),
            Required(fileName, name, "input_per_million", entry.InputPerMillion),
            Required(fileName, name, "output_per_million", entry.OutputPerMillion),
            Optional(fileName, name, "cached_input_per_million", entry.CachedInputPerMillion),
            Optional(fileName, name, "cache_write_per_million", entry.CacheWritePerMillion),
            Optional(fileName, name, "batch_input_per_million", entry.BatchInputPerMillion),
            Optional(fileName, name, "batch_output_per_million", entry.BatchOutputPerMillion))
        {
            CacheWrite1hPerMillion = Optional(fileName, name, "cache_write_1h_per_million", entry.CacheWrite1hPerMillion),
            BatchDiscountsCache = entry.BatchDiscountsCache ?? false,
            MaxOutputTokens = TokenLimit(fileName, name, "max_output_tokens", entry.MaxOutputTokens),
            ContextWindow = TokenLimit(fileName, name, "context_window", entry.ContextWindow),
            MinCacheableTokens = TokenLimit(fileName, name, "min_cacheable_tokens", entry.MinCacheableTokens),
        };
    }

    private static PricingDiscounts ReadDiscounts(string fileName, PricingDiscountsEntry? entry)
    {
        if (entry is null)
        {
            return PricingDiscounts.None;
        }

        var providers = ReadMultipliers(fileName, "provider", entry.Providers);
        var models = ReadMultipliers(fileName, "model", entry.Models);
        return providers.Count == 0 && models.Count == 0 ? PricingDiscounts.None : new PricingDiscounts(providers, models);
    }

    private static List<ToolCallPrice> ReadToolCalls(string fileName, Dictionary<string, Dictionary<string, PricingToolCallEntry?>?>? providers)
    {
        var prices = new List<ToolCallPrice>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (provider, tools) in providers ?? [])
        {
            if (string.IsNullOrWhiteSpace(provider) || provider.Trim().Length != provider.Length)
            {
                throw Invalid(fileName, $"\"tool_calls\" has a provider name \"{provider}\" that is empty or has leading or trailing spaces.");
            }

            if (!seen.Add(provider))
            {
                throw Invalid(fileName, $"\"tool_calls\" lists provider \"{provider}\" twice (names are case-insensitive).");
            }

            if (tools is null)
            {
                throw Invalid(fileName, $"\"tool_calls\" of provider \"{provider}\" is null instead of an object of tools.");
            }

            foreach (var (kind, entry) in tools)
            {
                prices.Add(ReadToolCall(fileName, provider, kind, entry));
            }
        }

        return prices;
    }

    private static ToolCallPrice ReadToolCall(string fileName, string provider, string kind, PricingToolCallEntry? entry)
    {
        // Only the kinds the gateway counts can be priced: any other name is a typo that would leave calls unpriced.
        var known = BuiltInToolKinds.All.FirstOrDefault(name => string.Equals(name, kind, StringComparison.Ordinal));
        var what = $"tool \"{kind}\" of provider \"{provider}\"";
        if (known is null)
        {
            throw Invalid(fileName, $"\"tool_calls\" names an unknown {what}; the tools priced per call are {string.Join(", ", BuiltInToolKinds.All)}.");
        }

        if (entry is null)
        {
            throw Invalid(fileName, $"{what} is null instead of an object with \"per_call\".");
        }

        var perCall = entry.PerCall is { } price
            ? NonNegativePerCall(fileName, what, price)
            : throw Invalid(fileName, $"{what} has no \"per_call\" price.");
        var models = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, value) in entry.Models ?? [])
        {
            if (string.IsNullOrWhiteSpace(model))
            {
                throw Invalid(fileName, $"{what} has a model price with an empty model name.");
            }

            var modelPrice = value is { } v ? NonNegativePerCall(fileName, $"{what} for model \"{model}\"", v) : throw Invalid(fileName, $"{what} has a null price for model \"{model}\".");
            if (!models.TryAdd(model.Trim(), modelPrice))
            {
                throw Invalid(fileName, $"{what} prices model \"{model}\" twice (names are case-insensitive).");
            }
        }

        return new ToolCallPrice(provider, known, perCall, models);
    }

    private static decimal NonNegativePerCall(string fileName, string what, decimal price) =>
        price < 0m ? throw Invalid(fileName, $"{what} has a negative \"per_call\" price ({price.ToString(CultureInfo.InvariantCulture)}).") : price;

    private static Dictionary<string, decimal> ReadMultipliers(string fileName, string kind, Dictionary<string, decimal?>? entries)
    {
        var multipliers = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in entries ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid(fileName, $"a {kind} discount has an empty {kind} name.");
            }

            // The share of the list price paid: 0.8 for 20 % off. Above 1 is a surcharge, and most likely a
            // percentage written where a multiplier belongs ("20" for 20 % off), so it is refused.
            if (value is not { } multiplier || multiplier <= 0m || multiplier > 1m)
            {
                throw Invalid(fileName,
                    $"the discount of {kind} \"{name}\" is {(value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture))}; " +
                    "a discount is the share of the list price paid, above 0 and at most 1 (0.8 for 20 % off).");
            }

            if (!multipliers.TryAdd(name.Trim(), multiplier))
            {
                throw Invalid(fileName, $"{kind} \"{name}\" has two discounts (names are case-insensitive).");
            }
        }

        return multipliers;
    }

    private static decimal Required(string fileName, string model, string property, decimal? value) =>
        value is null
            ? throw Invalid(fileName, $"model \"{model}\" has no \"{property}\".")
            : Optional(fileName, model, property, value)!.Value;

    private static decimal? Optional(string fileName, string model, string property, decimal? value) =>
        value < 0m
            ? throw Invalid(fileName, $"model \"{model}\" has a negative \"{property}\" ({value}).")
            : value;

    private static long? TokenLimit(string fileName, string model, string property, long? value) =>
        value < 1
            ? throw Invalid(fileName, $"model \"{model}\" has \"{property}\" {value}; a token limit is at least 1.")
            : value;

    private static void AddAlias(string fileName, Dictionary<string, string> aliases, string? alias, string target)
    {
        if (string.IsNullOrWhiteSpace(alias))
        {
            throw Invalid(fileName, $"an alias of \"{target}\" is empty.");
        }

        alias = alias.Trim();
        if (aliases.TryGetValue(alias, out var existing) && !string.Equals(existing, target, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(fileName, $"alias \"{alias}\" points to both \"{existing}\" and \"{target}\".");
        }

        aliases[alias] = target;
    }
}
