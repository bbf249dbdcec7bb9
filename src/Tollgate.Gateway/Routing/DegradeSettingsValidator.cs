using Microsoft.Extensions.Options;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The checks of the models budgets degrade to, beside <see cref="Hosting.GatewayOptionsValidator"/> (at start and on
/// every reload): each feature's <c>DegradeModel</c> and each configured budget's must be a model the pricing catalog
/// prices (the reserve stage holds its worst case). A model of either provider family is accepted: one of the other
/// family than a request's protocol serves it through translation, and a request translation cannot carry (or one
/// whose family has no provider configured) stays on its own model (<see cref="RouteStage"/>). A budget stored through
/// the admin API is checked when it is used the same way.
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

            Check(key, model.Trim(), ref failures);
        }

        for (var i = 0; i < (options.Budgets?.Count ?? 0); i++)
        {
            var budget = options.Budgets![i];
            if (!string.IsNullOrWhiteSpace(budget?.DegradeModel))
            {
                Check($"Budgets:{i}:DegradeModel", budget.DegradeModel.Trim(), ref failures);
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(string key, string model, ref List<string>? failures)
    {
        if (_pricing.Find(model) is null)
        {
            (failures ??= []).Add($"{key} names '{model}', which the pricing catalog does not price; budgets reserve at a model's price, so name a priced model or add it to the PricingFile.");
        }
    }
}
