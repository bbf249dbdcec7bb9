using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// One feature's routing rule, resolved once per configuration (<see cref="RoutingRules"/>): the tier of each task
/// type, and the model of each tier for either provider family (the feature's own where it names one of that family,
/// else the model catalog's preferred one), so a request's decision is array lookups.
/// </summary>
internal sealed class FeatureRoute
{
    private readonly ModelTier[] _taskTiers;
    private readonly string?[] _openAIModels;
    private readonly string?[] _anthropicModels;

    private FeatureRoute(string? task, bool rewriteModel, ModelTier[] taskTiers, string?[] openAIModels, string?[] anthropicModels)
    {
        Task = task;
        RewriteModel = rewriteModel;
        _taskTiers = taskTiers;
        _openAIModels = openAIModels;
        _anthropicModels = anthropicModels;
    }

    /// <summary>The task type of requests that declare none, or null for the complexity classifier.</summary>
    public string? Task { get; }

    /// <summary>Whether requests naming a model are routed too (never to a dearer tier).</summary>
    public bool RewriteModel { get; }

    /// <summary>The rule <paramref name="options"/> describe; entries the validator refuses are left out.</summary>
    public static FeatureRoute Build(FeatureRoutingOptions options, PricingCatalog pricing, ModelCatalog catalog)
    {
        var taskTiers = new ModelTier[TaskTiers.TaskTypes.Length];
        for (var i = 0; i < taskTiers.Length; i++)
        {
            var task = TaskTiers.TaskTypes[i];
            taskTiers[i] = options.Tiers is not null && options.Tiers.TryGetValue(task, out var name) && ModelCatalog.ParseTier(name) is { } tier
                ? tier
                : TaskTiers.Default(task)!.Value;
        }

        string?[] openAI = new string?[3], anthropic = new string?[3];
        for (var tier = ModelTier.Small; tier <= ModelTier.Frontier; tier++)
        {
            openAI[(int)tier] = catalog.Preferred("openai", tier)?.Model;
            anthropic[(int)tier] = catalog.Preferred(ProviderFamily.Anthropic, tier)?.Model;
        }

        foreach (var (tierName, model) in options.Models ?? [])
        {
            if (ModelCatalog.ParseTier(tierName) is { } tier && pricing.Find(model?.Trim()) is { } price)
            {
                (ProviderFamily.Serves(price.Provider, WireProtocol.Anthropic) ? anthropic : openAI)[(int)tier] = price.Model;
            }
        }

        return new FeatureRoute(TaskTiers.Normalise(options.Task), options.RewriteModel ?? false, taskTiers, openAI, anthropic);
    }

    /// <summary>The tier of <paramref name="task"/> (a task type, lower case), or null when it is none.</summary>
    public ModelTier? TierOf(string task)
    {
        var index = Array.IndexOf(TaskTiers.TaskTypes, task);
        return index < 0 ? null : _taskTiers[index];
    }

    /// <summary>The model serving <paramref name="tier"/> for requests of <paramref name="protocol"/>, or null when there is none.</summary>
    public string? ModelFor(WireProtocol protocol, ModelTier tier) =>
        (protocol == WireProtocol.Anthropic ? _anthropicModels : _openAIModels)[(int)tier];
}
