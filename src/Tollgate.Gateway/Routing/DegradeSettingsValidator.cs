using Microsoft.Extensions.Options;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The checks of the models budgets degrade to, beside <see cref="Hosting.GatewayOptionsValidator"/> (at start and on
/// every reload), against the pricing catalog: each feature's <c>DegradeModel</c> and each configured budget's must be
/// a model the catalog prices (the reserve stage holds its worst case), and one the requests it would take can be sent
/// to: of the provider family of the feature's pinned <c>Model</c>, or of a budget's <c>Provider</c> filter, when the
/// catalog knows it. A budget stored through the admin API is checked when it is used: a degrade model that does not
/// fit a request leaves the request on its own model.
/// </summary>
internal sealed class DegradeSettingsValidator : IValidateOptions<GatewayOptions>
{
    private readonly PricingCatalog _pricing;

    public DegradeSettingsValidator(PricingCatalog pricing) => _pricing = pricing;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        foreach (var (feature, settings) in options.Features ?? [])
        {
            if (settings?.DegradeModel is not { } model)
            {
                continue;
            }

            var key = $"Features:{feature}:DegradeModel";
            if (string.IsNullOrWhiteSpace(model) || !RequestReader.IsPrintableAscii(model))
            {
                (failures ??= []).Add($"{key} must name a model in printable ASCII characters, e.g. gpt-4.1-nano; it is '{model}'.");
                continue;
            }

            Check(key, model.Trim(), settings.Model, pinnedProvider: null, ref failures);
        }

        for (var i = 0; i < (options.Budgets?.Count ?? 0); i++)
        {
            var budget = options.Budgets![i];
            if (!string.IsNullOrWhiteSpace(budget?.DegradeModel))
            {
                Check($"Budgets:{i}:DegradeModel", budget.DegradeModel.Trim(), pinnedModel: null, budget.Provider, ref failures);
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(string key, string model, string? pinnedModel, string? pinnedProvider, ref List<string>? failures)
    {
        if (_pricing.Find(model) is not { } price)
        {
            (failures ??= []).Add($"{key} names '{model}', which the pricing catalog does not price; budgets reserve at a model's price, so name a priced model or add it to the PricingFile.");
            return;
        }

        if (!string.IsNullOrWhiteSpace(pinnedModel) && _pricing.Find(pinnedModel.Trim()) is { } pinned && !ProviderFamily.SameProtocol(pinned.Provider, price.Provider))
        {
            (failures ??= []).Add($"{key} names '{model}' ({price.Provider}), which cannot serve the requests the feature sends to '{pinned.Model}' ({pinned.Provider}).");
        }

        if (!string.IsNullOrWhiteSpace(pinnedProvider) && !ProviderFamily.SameProtocol(pinnedProvider.Trim(), price.Provider))
        {
            (failures ??= []).Add($"{key} names '{model}' ({price.Provider}), which cannot serve the budget's {pinnedProvider.Trim()} requests.");
        }
    }
}
