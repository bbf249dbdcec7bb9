using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Requests;
using Tollgate.Gateway.Controls;
using Tollgate.Gateway.PromptCaching;
using Tollgate.Gateway.Routing;
using Tollgate.Providers.Clients;
using Tollgate.Providers.Translation;

namespace Tollgate.Gateway.Pipeline;

/// <summary>Where one attempt of an exchange goes: the client, the request to send it, and how its answer comes back.</summary>
internal sealed class CallTarget
{
    public required IProviderClient Client { get; init; }

    public required ProviderRequest Request { get; init; }

    /// <summary>The model sent.</summary>
    public required string Model { get; init; }

    /// <summary>The translation between the client's protocol and the provider's, or null when both speak the same.</summary>
    internal TranslationRoute? Route { get; init; }

    /// <summary>Whether an OpenAI chat stream translated from Anthropic's ends with the usage chunk (the request asked for it).</summary>
    internal bool IncludeStreamUsage { get; init; }

    /// <summary>
    /// For a translated request, whether the body sent carries the gateway's own prompt-cache hint (the exchange's
    /// <see cref="ExchangeContext.PromptCacheHintsAdded"/> once this target serves it); null when the body is the
    /// client's protocol, whose hints the shape stage decided.
    /// </summary>
    internal bool? PromptCacheHinted { get; init; }

    /// <summary>The answer in the client's protocol: as is, or translated.</summary>
    public ExchangeAnswer Receive(ProviderResponse response) =>
        Route is { } route ? new TranslatedAnswer(response, route, IncludeStreamUsage) : response;
}

/// <summary>
/// Builds the request of each attempt. A model of the exchange's own protocol family (or one the pricing catalog does
/// not know) is sent the body as received with the exchange's edits applied, its model replaced when the attempt
/// names another; a priced model of the other family (an Anthropic model for an OpenAI client, or the other way round)
/// gets the edited body translated into its provider's protocol (<see cref="RequestTranslation"/>), with that provider's
/// prompt-cache hints (<see cref="PromptCacheHints.AddToTranslated"/>), and its answer translated back
/// (<see cref="TranslatedAnswer"/>).
/// </summary>
internal sealed class CallTargets
{
    /// <summary>The lever named by the model edit of an attempt sent to another model than the exchange's.</summary>
    private const string AttemptModelLever = "call";

    private readonly ProviderDirectory _providers;
    private readonly PricingCatalog _pricing;
    private readonly RequestControls _controls;
    private readonly PromptCacheHints _promptCache;

    public CallTargets(ProviderDirectory providers, PricingCatalog pricing, RequestControls controls, PromptCacheHints promptCache)
    {
        _providers = providers;
        _pricing = pricing;
        _controls = controls;
        _promptCache = promptCache;
    }

    /// <summary>
    /// Why <paramref name="exchange"/>, as it stands, cannot be sent to <paramref name="model"/> (no provider serves its
    /// family, or the request cannot be translated to it), or null when it can: the checks every attempt goes through.
    /// </summary>
    public string? Refusal(ExchangeContext exchange, string model) =>
        Resolve(exchange, model, out var refusal) is null ? refusal!.Message : null;

    /// <summary>The target for sending <paramref name="exchange"/> to <paramref name="model"/> (the exchange's edits applied, the model replaced), or null with a refusal (status, error type, message) when no provider serves that family or the request cannot be translated.</summary>
    public CallTarget? Resolve(ExchangeContext exchange, string model, out ExchangeRejection? refusal)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(model);
        refusal = null;
        var price = model.Length == 0 ? null : _pricing.Find(model);
        var served = price is null ? exchange.Protocol
            : ProviderFamily.Serves(price.Provider, WireProtocol.Anthropic) ? WireProtocol.Anthropic : WireProtocol.OpenAI;
        if (_providers.For(served) is not { } client)
        {
            var variable = served == WireProtocol.Anthropic ? "ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL" : "OPENAI_API_KEY or OPENAI_BASE_URL";
            var what = served == exchange.Protocol ? string.Empty : $" to serve {model}";
            refusal = new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"No {served} provider is configured on this Tollgate{what}: set {variable}.");
            return null;
        }

        var edited = RequestBodyEditor.Apply(exchange.RequestBody, exchange.Protocol, exchange.Operation, exchange.EditsIfAny);
        if (served == exchange.Protocol)
        {
            var sent = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
            if (model.Length > 0 && !string.Equals(model, sent, StringComparison.Ordinal))
            {
                var attempt = new RequestEdits();
                attempt.SetModel(model, AttemptModelLever);
                edited = RequestBodyEditor.Apply(edited, exchange.Protocol, exchange.Operation, attempt);
            }

            return new CallTarget { Client = client, Request = RequestFor(exchange, exchange.Operation, edited, exchange.ForwardedHeaders), Model = model };
        }

        if (RequestTranslation.RouteFor(exchange.Protocol, exchange.Operation, served) is not { } route)
        {
            refusal = new ExchangeRejection(400, ErrorTypes.InvalidRequest,
                $"{model} is served by the {served} protocol, and only chat completions, messages and responses are translated to it; this request cannot be sent there.");
            return null;
        }

        if (RequestTranslation.UnsoundText(exchange.RequestBody.Span) is { } fault)
        {
            refusal = new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"This request is sent to {model}, which speaks the {served} protocol, and cannot be translated: its text is not valid Unicode ({fault}).");
            return null;
        }

        var body = RequestTranslation.Translate(route, edited, model, price!.MaxOutputTokens, out var includeUsage, out var reason);
        if (body is null)
        {
            refusal = new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"This request is sent to {model}, which speaks the {served} protocol, and cannot be translated: {reason}.");
            return null;
        }

        var withHints = _promptCache.AddToTranslated(exchange, body, served, model, _controls.For(exchange.Feature).PromptCache, out var hinted);
        var operation = served == WireProtocol.Anthropic ? ExchangeOperation.Messages : ExchangeOperation.ChatCompletions;
        return new CallTarget
        {
            Client = client,
            Request = RequestFor(exchange, operation, withHints, IdempotencyOnly(exchange.ForwardedHeaders)),
            Model = model,
            Route = route,
            IncludeStreamUsage = includeUsage,
            PromptCacheHinted = hinted,
        };
    }

    private static ProviderRequest RequestFor(ExchangeContext exchange, ExchangeOperation operation, ReadOnlyMemory<byte> body, IReadOnlyList<KeyValuePair<string, string>> headers) => new()
    {
        Operation = operation,
        RequestId = exchange.RequestId,
        ResourceId = exchange.ResourceId,
        Query = exchange.Query,
        Body = body,
        Headers = headers,
    };

    /// <summary>The other protocol's version and beta headers mean nothing to this provider; an idempotency key still does.</summary>
    private static List<KeyValuePair<string, string>> IdempotencyOnly(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var kept = new List<KeyValuePair<string, string>>(0);
        foreach (var header in headers)
        {
            if (header.Key.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(header);
            }
        }

        return kept;
    }
}
