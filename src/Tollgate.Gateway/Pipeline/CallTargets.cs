using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Routing;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Pipeline;

/// <summary>Where one attempt of an exchange goes: the client, the request to send it, and how its answer comes back.</summary>
internal sealed class CallTarget
{
    /// <summary>The provider client the attempt is sent through.</summary>
    public required IProviderClient Client { get; init; }

    /// <summary>The request to send, its body edited for <see cref="Model"/>.</summary>
    public required ProviderRequest Request { get; init; }

    /// <summary>The model sent; empty for operations that name none.</summary>
    public required string Model { get; init; }

    /// <summary>The answer in the client's protocol: a model of the request's own family answers in it, as is.</summary>
    public ExchangeAnswer Receive(ProviderResponse response) => response;
}

/// <summary>
/// Resolves the model an attempt is to call into a <see cref="CallTarget"/>: the provider client of the exchange's
/// protocol and the request body with the exchange's edits applied, the model replaced. A model of the other provider
/// family cannot be called with the request as it is: it is refused with a reason, and a fallback chain skips it.
/// </summary>
internal sealed class CallTargets
{
    private readonly ProviderDirectory _providers;
    private readonly PricingCatalog _pricing;

    public CallTargets(ProviderDirectory providers, PricingCatalog pricing)
    {
        _providers = providers;
        _pricing = pricing;
    }

    /// <summary>The target of an attempt at <paramref name="model"/>, or null and the <paramref name="refusal"/> that says why it cannot be called.</summary>
    public CallTarget? Resolve(ExchangeContext exchange, string model, out ExchangeRejection? refusal)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var client = _providers.For(exchange.Protocol);
        if (client is null)
        {
            var variable = exchange.Protocol == WireProtocol.Anthropic ? "ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL" : "OPENAI_API_KEY or OPENAI_BASE_URL";
            refusal = new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"No {exchange.Protocol} provider is configured on this Tollgate: set {variable}.");
            return null;
        }

        var current = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        if (model.Length != 0 && !string.Equals(model, current, StringComparison.Ordinal))
        {
            if (_pricing.Find(model) is { } price && !ProviderFamily.Serves(price.Provider, exchange.Protocol))
            {
                refusal = new ExchangeRejection(
                    400,
                    ErrorTypes.InvalidRequest,
                    $"The model '{model}' ({price.Provider}) cannot serve a request sent in the {exchange.Protocol} protocol: Tollgate calls only models of the request's own provider family.")
                {
                    Param = "model",
                };
                return null;
            }

            exchange.Edits.SetModel(model, "fallback");
        }

        refusal = null;
        return new CallTarget
        {
            Client = client,
            Model = model,
            Request = new ProviderRequest
            {
                Operation = exchange.Operation,
                RequestId = exchange.RequestId,
                ResourceId = exchange.ResourceId,
                Query = exchange.Query,
                Body = RequestBodyEditor.Apply(exchange.RequestBody, exchange.Protocol, exchange.Operation, exchange.EditsIfAny),
                Headers = exchange.ForwardedHeaders,
            },
        };
    }
}
