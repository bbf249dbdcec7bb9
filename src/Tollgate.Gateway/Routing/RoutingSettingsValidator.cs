using Microsoft.Extensions.Options;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The checks of the features' routing rules (<c>Features:NAME:Routing</c>), beside
/// <see cref="Hosting.GatewayOptionsValidator"/> (at start, on every reload and for every change through
/// <c>PUT /admin/config</c>): a task type the gateway knows, tiers that exist (<c>small</c>, <c>medium</c>,
/// <c>frontier</c>), models the pricing catalog prices (the reserve stage holds a routed request's worst case at its
/// price), and no rule beside a pinned model (<c>Features:NAME:Model</c>, which would take every request anyway).
/// Each failure names the setting.
/// </summary>
internal sealed class RoutingSettingsValidator : IValidateOptions<GatewayOptions>
{
    private readonly PricingCatalog _pricing;
    private readonly ModelCatalog _catalog;

    public RoutingSettingsValidator(PricingCatalog pricing, ModelCatalog catalog)
    {
        _pricing = pricing;
        _catalog = catalog;
    }

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        foreach (var (feature, settings) in options.Features ?? [])
        {
            if (settings?.Routing is not { } routing)
            {
                continue;
            }

            var key = $"Features:{feature}:Routing";
            if (RoutingRules.IsOn(routing) && !string.IsNullOrWhiteSpace(settings.Model))
            {
                (failures ??= []).Add($"{key} cannot be used beside {key[..^"Routing".Length]}Model ('{settings.Model.Trim()}'), which sends every request of the feature to one model; remove one of them.");
            }

            if (routing.Task is { } task && TaskTiers.Normalise(task) is null)
            {
                (failures ??= []).Add($"{key}:Task must be one of: {string.Join(", ", TaskTiers.TaskTypes)}; it is '{task}'.");
            }

            foreach (var (taskType, tier) in routing.Tiers ?? [])
            {
                if (TaskTiers.Normalise(taskType) is null)
                {
                    (failures ??= []).Add($"{key}:Tiers:{taskType} is not a task type; the task types are: {string.Join(", ", TaskTiers.TaskTypes)}.");
                }
                else if (ModelCatalog.ParseTier(tier) is null)
                {
                    (failures ??= []).Add($"{key}:Tiers:{taskType} names tier '{tier}', which does not exist; the tiers are small, medium and frontier.");
                }
            }

            foreach (var (tier, model) in routing.Models ?? [])
            {
                CheckModel($"{key}:Models:{tier}", tier, model, ref failures);
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckModel(string key, string tier, string? model, ref List<string>? failures)
    {
        if (ModelCatalog.ParseTier(tier) is not { } parsed)
        {
            (failures ??= []).Add($"{key} names tier '{tier}', which does not exist; the tiers are small, medium and frontier.");
            return;
        }

        if (string.IsNullOrWhiteSpace(model) || !RequestReader.IsPrintableAscii(model))
        {
            (failures ??= []).Add($"{key} must name a model in printable ASCII characters, e.g. {_catalog.Preferred("openai", parsed)?.Model}; it is '{model}'.");
            return;
        }

        if (_pricing.Find(model.Trim()) is null)
        {
            (failures ??= []).Add($"{key} names '{model.Trim()}', which the pricing catalog does not price; budgets reserve at a model's price, so name a priced model or add it to the PricingFile.");
        }
    }
}
