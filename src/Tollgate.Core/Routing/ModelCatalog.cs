using System.Collections.Frozen;
using System.Text.Json;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Routing;

/// <summary>
/// The tier and capabilities of every chat model Tollgate routes, beside the pricing catalog and, like it, data
/// (<c>models.json</c>, embedded), loaded once and immutable afterwards. Every model in it is one the pricing catalog
/// prices, of the provider family the pricing catalog gives it (checked at load). A name resolves as the pricing
/// catalog resolves it (aliases, dated snapshots, provider prefixes), so <c>gpt-4o-2024-08-06</c> is
/// <c>gpt-4o</c>'s entry. One model per provider family and tier is <see cref="CatalogModel.Preferred"/>: where a
/// routing rule sends that tier by default.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Name of the embedded resource holding the catalog.</summary>
    public const string ResourceName = "Tollgate.Core.Routing.models.json";

    private readonly PricingCatalog _pricing;
    private readonly FrozenDictionary<string, CatalogModel> _models;
    private readonly FrozenDictionary<string, CatalogModel[]> _preferred;

    private ModelCatalog(PricingCatalog pricing, string version, Dictionary<string, CatalogModel> models)
    {
        _pricing = pricing;
        Version = version;
        _models = models.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        var preferred = new Dictionary<string, CatalogModel[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models.Values)
        {
            if (model.Preferred)
            {
                if (!preferred.TryGetValue(model.Provider, out var tiers))
                {
                    preferred[model.Provider] = tiers = new CatalogModel[3];
                }

                tiers[(int)model.Tier] = model;
            }
        }

        _preferred = preferred.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The catalog's version, as written in it.</summary>
    public string Version { get; }

    /// <summary>Every model of the catalog.</summary>
    public IReadOnlyCollection<CatalogModel> Models => _models.Values;

    /// <summary>The built-in catalog, checked against <paramref name="pricing"/>.</summary>
    /// <exception cref="PricingCatalogException">The catalog names a model the pricing catalog does not price, or is malformed.</exception>
    public static ModelCatalog Load(PricingCatalog pricing)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new PricingCatalogException($"Model catalog '{ResourceName}' is missing from {typeof(ModelCatalog).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream(capacity: (int)stream.Length);
        stream.CopyTo(buffer);
        return Read(pricing, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ResourceName);
    }

    /// <summary>A catalog in <c>models.json</c>'s format, checked against <paramref name="pricing"/>; every failure names <paramref name="fileName"/>.</summary>
    internal static ModelCatalog Read(PricingCatalog pricing, ReadOnlySpan<byte> utf8Json, string fileName)
    {
        ModelCatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, ModelCatalogJsonContext.Default.ModelCatalogDocument);
        }
        catch (JsonException exception)
        {
            throw new PricingCatalogException($"Model catalog '{fileName}' is not valid: {exception.Message}", exception);
        }

        var models = new Dictionary<string, CatalogModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in document?.Models ?? [])
        {
            var model = ReadModel(pricing, fileName, name, entry);
            if (!models.TryAdd(model.Model, model))
            {
                throw Invalid(fileName, $"model \"{name}\" is listed twice (as {model.Model}).");
            }
        }

        CheckPreferred(fileName, models.Values);
        return new ModelCatalog(pricing, document?.Version ?? "unversioned", models);
    }

    /// <summary>The entry of <paramref name="model"/> (any name the pricing catalog resolves), or null when the catalog has none.</summary>
    public CatalogModel? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        if (_models.TryGetValue(model, out var entry))
        {
            return entry;
        }

        return _pricing.Find(model) is { } price && _models.TryGetValue(price.Model, out entry) ? entry : null;
    }

    /// <summary>The preferred model of <paramref name="provider"/>'s family at <paramref name="tier"/>, or null when the catalog has none.</summary>
    public CatalogModel? Preferred(string provider, ModelTier tier) =>
        _preferred.TryGetValue(provider, out var tiers) ? tiers[(int)tier] : null;

    /// <summary>The tier named <paramref name="name"/> (<c>small</c>, <c>medium</c>, <c>frontier</c>, any case), or null.</summary>
    public static ModelTier? ParseTier(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "SMALL" => ModelTier.Small,
        "MEDIUM" => ModelTier.Medium,
        "FRONTIER" => ModelTier.Frontier,
        _ => null,
    };

    /// <summary>The name settings and documents use for <paramref name="tier"/>.</summary>
    public static string TierName(ModelTier tier) => tier switch
    {
        ModelTier.Small => "small",
        ModelTier.Medium => "medium",
        _ => "frontier",
    };

    private static CatalogModel ReadModel(PricingCatalog pricing, string fileName, string name, ModelCatalogEntry? entry)
    {
        if (entry is null)
        {
            throw Invalid(fileName, $"model \"{name}\" has no entry.");
        }

        if (pricing.Find(name) is not { } price)
        {
            throw Invalid(fileName, $"model \"{name}\" is not priced by the pricing catalog; every routed model must be priced.");
        }

        if (!string.Equals(entry.Provider, price.Provider, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(fileName, $"model \"{name}\" is given provider \"{entry.Provider}\", but the pricing catalog's is \"{price.Provider}\".");
        }

        var tier = ParseTier(entry.Tier) ?? throw Invalid(fileName, $"model \"{name}\" has tier \"{entry.Tier}\"; a tier is small, medium or frontier.");
        var capabilities = ModelCapabilities.None;
        foreach (var capability in entry.Capabilities ?? [])
        {
            capabilities |= capability switch
            {
                "tools" => ModelCapabilities.Tools,
                "vision" => ModelCapabilities.Vision,
                "json_mode" => ModelCapabilities.JsonMode,
                _ => throw Invalid(fileName, $"model \"{name}\" has capability \"{capability}\"; the capabilities are tools, vision and json_mode."),
            };
        }

        return new CatalogModel(price.Model, price.Provider, tier, capabilities, entry.Preferred);
    }

    private static void CheckPreferred(string fileName, IEnumerable<CatalogModel> models)
    {
        var seen = new HashSet<(string, ModelTier)>();
        var providers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            providers.Add(model.Provider);
            if (model.Preferred && !seen.Add((model.Provider.ToUpperInvariant(), model.Tier)))
            {
                throw Invalid(fileName, $"more than one {model.Provider} model of tier {TierName(model.Tier)} is preferred.");
            }
        }

        foreach (var provider in providers)
        {
            foreach (var tier in (ReadOnlySpan<ModelTier>)[ModelTier.Small, ModelTier.Medium, ModelTier.Frontier])
            {
                if (!seen.Contains((provider.ToUpperInvariant(), tier)))
                {
                    throw Invalid(fileName, $"no {provider} model of tier {TierName(tier)} is preferred.");
                }
            }
        }
    }

    private static PricingCatalogException Invalid(string fileName, string problem) =>
        new($"Model catalog '{fileName}' is not valid: {problem}");
}
