using System.Collections.Concurrent;
using System.Collections.Frozen;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Pricing;

/// <summary>
/// The prices of every known model, loaded once from data and immutable afterwards, so one instance serves every
/// request on every thread. A model name resolves in this order: the exact name (case-insensitive), an alias, the
/// name without a provider prefix (<c>openai/gpt-4o</c> → <c>gpt-4o</c>), then the name without a dated snapshot or
/// <c>-latest</c> suffix (<c>gpt-4o-mini-2024-07-18</c>, <c>claude-3-5-sonnet-20241022</c>,
/// <c>claude-3-5-haiku-latest</c>). An unknown model has no price: <see cref="Find"/> and <see cref="Cost"/> return
/// <see langword="null"/>, never zero. Prices are list prices; a pricing file's negotiated discounts are carried by
/// each model's <see cref="ModelPrice.DiscountMultiplier"/>, so <see cref="Cost"/> is what the provider bills.
/// Built-in tools a provider bills per call (web search, file search, …) have per-call prices of their own
/// (<see cref="ToolCalls"/>, <see cref="PriceToolCalls"/>); a kind without one is named as unpriced, never free.
/// </summary>
public sealed partial class PricingCatalog
{
    /// <summary>Name of the embedded resource holding the default catalog.</summary>
    public const string DefaultResourceName = "Tollgate.Core.Pricing.pricing.json";

    // Resolved names are cached, but callers choose model names: past this many, new names are resolved without
    // being remembered, so a stream of made-up names cannot grow memory without bound.
    private const int ResolvedNameCacheLimit = 4096;

    private static readonly Lazy<PricingCatalog> Default = new(LoadEmbedded);

    private readonly FrozenDictionary<string, ModelPrice> _models;
    private readonly FrozenDictionary<string, ModelPrice> _aliases;
    private readonly FrozenDictionary<string, string> _aliasTargets;
    private readonly FrozenDictionary<string, ModelPrice>.AlternateLookup<ReadOnlySpan<char>> _modelsBySpan;
    private readonly FrozenDictionary<string, ModelPrice>.AlternateLookup<ReadOnlySpan<char>> _aliasesBySpan;
    private readonly ConcurrentDictionary<string, ModelPrice?> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly FrozenDictionary<string, ToolCallPrice> _toolCalls;

    private PricingCatalog(
        string version,
        string? asOf,
        PricingSource? pricingFile,
        IReadOnlyDictionary<string, ModelPrice> models,
        IReadOnlyDictionary<string, string> aliases,
        PricingDiscounts discounts,
        IReadOnlyDictionary<string, ToolCallPrice> toolCalls)
    {
        _toolCalls = toolCalls.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Version = version;
        AsOf = asOf;
        PricingFile = pricingFile;
        Discounts = discounts;
        _models = models.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _aliasTargets = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _aliases = aliases.ToFrozenDictionary(pair => pair.Key, pair => _models[pair.Value], StringComparer.OrdinalIgnoreCase);
        _modelsBySpan = _models.GetAlternateLookup<ReadOnlySpan<char>>();
        _aliasesBySpan = _aliases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Version of the prices: the default catalog's, plus the override file's when one was merged.</summary>
    public string Version { get; }

    /// <summary>The date the built-in prices were last checked against the providers' price lists, as written in the catalog.</summary>
    public string? AsOf { get; }

    /// <summary>The user's pricing file merged over the built-in catalog, or null when there is none.</summary>
    public PricingSource? PricingFile { get; }

    /// <summary>Negotiated discounts applied to the models' prices (none unless a pricing file sets them).</summary>
    public PricingDiscounts Discounts { get; }

    /// <summary>Every priced model, by its canonical name.</summary>
    public IReadOnlyCollection<ModelPrice> Models => _models.Values;

    /// <summary>Every per-call price of a built-in tool, one per provider and tool kind.</summary>
    public IReadOnlyCollection<ToolCallPrice> ToolCalls => _toolCalls.Values;

    /// <summary>Every alias, with the canonical name of the model it stands for.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliasTargets;

    /// <summary>The catalog built into Tollgate (loaded once per process).</summary>
    public static PricingCatalog LoadDefault() => Default.Value;

    /// <summary>
    /// The built-in catalog merged with a user's pricing file in the same format: the file's models replace
    /// built-in models of the same name or add new ones, its aliases are added (or repoint built-in aliases), and its
    /// discounts apply to every model of the merged catalog. With no path, the built-in catalog.
    /// </summary>
    /// <exception cref="PricingCatalogException">The file cannot be read or is not a valid pricing file.</exception>
    public static PricingCatalog Load(string? overrideFilePath)
    {
        if (string.IsNullOrWhiteSpace(overrideFilePath))
        {
            return LoadDefault();
        }

        byte[] json;
        try
        {
            json = File.ReadAllBytes(overrideFilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PricingCatalogException($"Pricing file '{overrideFilePath}' could not be read: {ex.Message}", ex);
        }

        return LoadDefault().Merge(PricingFileReader.Read(json, overrideFilePath));
    }

    /// <summary>The price of a model, or <see langword="null"/> when the catalog does not know it.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        if (_models.TryGetValue(model, out var price) || _aliases.TryGetValue(model, out price))
        {
            return price;
        }

        if (_resolved.TryGetValue(model, out price))
        {
            return price;
        }

        price = Resolve(model);
        if (_resolved.Count < ResolvedNameCacheLimit)
        {
            _resolved.TryAdd(model, price);
        }

        return price;
    }

    /// <summary>
    /// Exact cost in USD of a call to <paramref name="model"/> with this usage (at Batch API prices when
    /// <paramref name="batch"/> is set), or <see langword="null"/> when the model's price is unknown.
    /// </summary>
    public decimal? Cost(string? model, TokenUsage usage, bool batch = false) => Find(model)?.Cost(usage, batch);

    private static PricingCatalog LoadEmbedded()
    {
        using var stream = typeof(PricingCatalog).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new PricingCatalogException($"Pricing file '{DefaultResourceName}' is missing from {typeof(PricingCatalog).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream(capacity: (int)stream.Length);
        stream.CopyTo(buffer);
        var file = PricingFileReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), DefaultResourceName);
        return Build(file, file.Version ?? "unversioned", file.AsOf, pricingFile: null, file.Models, Validated(file, file.Models, file.Aliases), file.ToolCalls);
    }

    /// <summary>The catalog of these models and aliases, with <paramref name="file"/>'s discounts applied to its prices.</summary>
    private static PricingCatalog Build(
        PricingFile file,
        string version,
        string? asOf,
        PricingSource? pricingFile,
        IReadOnlyDictionary<string, ModelPrice> models,
        IReadOnlyDictionary<string, string> aliases,
        IEnumerable<ToolCallPrice> toolCalls)
    {
        var unresolved = new PricingCatalog(version, asOf, pricingFile, models, aliases, PricingDiscounts.None, new Dictionary<string, ToolCallPrice>());
        var tools = unresolved.Resolve(file, toolCalls);
        var undiscounted = new PricingCatalog(version, asOf, pricingFile, models, aliases, PricingDiscounts.None, tools);
        if (file.Discounts.IsEmpty)
        {
            return undiscounted;
        }

        var discounts = undiscounted.Resolve(file);
        var discounted = new Dictionary<string, ModelPrice>(models.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, price) in models)
        {
            discounted[name] = discounts.Models.TryGetValue(price.Model, out var multiplier) || discounts.Providers.TryGetValue(price.Provider, out multiplier)
                ? price with { DiscountMultiplier = multiplier }
                : price;
        }

        return new PricingCatalog(version, asOf, pricingFile, discounted, aliases, discounts, tools);
    }

    private static Dictionary<string, string> Validated(
        PricingFile file,
        IReadOnlyDictionary<string, ModelPrice> models,
        IReadOnlyDictionary<string, string> aliases)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in aliases)
        {
            if (!models.TryGetValue(target, out var model))
            {
                throw PricingFileReader.Invalid(file.Name, $"alias \"{alias}\" points to \"{target}\", which is not a model.");
            }

            result[alias] = model.Model;
        }

        return result;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Length of <paramref name="name"/> without a <c>-latest</c>, <c>-YYYY-MM-DD</c> or <c>-YYYYMMDD</c> suffix.</summary>
    private static int WithoutSnapshotSuffix(ReadOnlySpan<char> name)
    {
        if (name.EndsWith("-latest", StringComparison.OrdinalIgnoreCase))
        {
            return name.Length - "-latest".Length;
        }

        // -2024-07-18 (OpenAI)
        if (name.Length > 11)
        {
            var tail = name[^11..];
            if (tail[0] == '-' && tail[5] == '-' && tail[8] == '-' && IsDigits(tail[1..5]) && IsDigits(tail[6..8]) && IsDigits(tail[9..]))
            {
                return name.Length - 11;
            }
        }

        // -20241022 (Anthropic)
        if (name.Length > 9 && name[^9] == '-' && IsDigits(name[^8..]))
        {
            return name.Length - 9;
        }

        return name.Length;
    }

    private PricingCatalog Merge(PricingFile overrides)
    {
        var models = new Dictionary<string, ModelPrice>(_models, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, price) in overrides.Models)
        {
            models.Remove(name); // a replaced model takes the override's spelling of its name
            models[name] = price;
        }

        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in _aliasTargets)
        {
            // An override may turn a built-in alias into a model of its own (a snapshot with a different price).
            if (!overrides.Models.ContainsKey(alias))
            {
                aliases[alias] = target;
            }
        }

        foreach (var (alias, target) in overrides.Aliases)
        {
            if (models.ContainsKey(alias))
            {
                throw PricingFileReader.Invalid(overrides.Name, $"alias \"{alias}\" is already a model name.");
            }

            aliases[alias] = target;
        }

        // A tool the file prices replaces the built-in price of that tool at that provider, per-model prices and all.
        var toolCalls = new Dictionary<string, ToolCallPrice>(_toolCalls, StringComparer.OrdinalIgnoreCase);
        foreach (var price in overrides.ToolCalls)
        {
            toolCalls[ToolKey(price.Provider, price.Kind)] = price;
        }

        var version = $"{Version}+{overrides.Version ?? Path.GetFileName(overrides.Name)}";
        var source = new PricingSource(overrides.Name, overrides.Version, overrides.AsOf);
        return Build(overrides, version, AsOf, source, models, Validated(overrides, models, aliases), toolCalls.Values);
    }

    /// <summary>
    /// <paramref name="file"/>'s discounts with every model named resolved to its canonical name in this catalog. A
    /// provider no model has, or a model the catalog cannot price, is a mistake in the file and stops the load.
    /// </summary>
    private PricingDiscounts Resolve(PricingFile file)
    {
        foreach (var provider in file.Discounts.Providers.Keys)
        {
            if (!_models.Values.Any(price => string.Equals(price.Provider, provider, StringComparison.OrdinalIgnoreCase)))
            {
                throw PricingFileReader.Invalid(file.Name, $"the discount of provider \"{provider}\" names a provider no model in the catalog has.");
            }
        }

        var models = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, multiplier) in file.Discounts.Models)
        {
            var price = Find(name) ?? throw PricingFileReader.Invalid(file.Name, $"the discount of model \"{name}\" names a model the catalog does not price.");
            if (models.TryGetValue(price.Model, out var other) && other != multiplier)
            {
                throw PricingFileReader.Invalid(file.Name, $"model \"{price.Model}\" has two discounts ({other} and {multiplier}) under different names.");
            }

            models[price.Model] = multiplier;
        }

        return new PricingDiscounts(file.Discounts.Providers, models);
    }

    private ModelPrice? Resolve(string model)
    {
        var name = model.AsSpan().Trim();
        if (TryLookup(name, out var price))
        {
            return price;
        }

        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
            if (TryLookup(name, out price))
            {
                return price;
            }
        }

        var length = WithoutSnapshotSuffix(name);
        return length < name.Length && TryLookup(name[..length], out price) ? price : null;
    }

    private bool TryLookup(ReadOnlySpan<char> name, out ModelPrice? price)
    {
        if (_modelsBySpan.TryGetValue(name, out var found) || _aliasesBySpan.TryGetValue(name, out found))
        {
            price = found;
            return true;
        }

        price = null;
        return false;
    }
}
