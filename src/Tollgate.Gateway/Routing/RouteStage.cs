using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;
using Tollgate.Gateway.Controls;
using Tollgate.Gateway.Pipeline;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The <c>route</c> stage: picks the model a request is sent to, after the cache and coalescing (which key the request
/// as the client sent it, so a hit or a waiter is never re-routed and no key changes) and before <c>shape</c> and
/// <c>reserve</c> (which work on the routed model). Two rules, in this order, each a model edit:
/// <list type="number">
/// <item>routing (lever <c>routing</c>): the feature's routing rule (<c>Features:NAME:Routing</c>, <see cref="ModelRouter"/>)
/// sends a request naming <c>"model": "auto"</c>, and, where the rule rewrites, one naming a model of a dearer tier, to
/// the model of the tier its task type or its prompt needs; <c>auto</c> without a rule is refused with 400;</item>
/// <item>degrade under budget pressure (lever <c>degrade</c>): when a budget that applies to the request (the same match
/// as the reserve stage's) has spent and reserved at least its <see cref="BudgetDefinition.DegradeAt"/> fraction of a
/// limit (dollars or tokens, whichever is further along), the request goes to the budget's
/// <see cref="BudgetDefinition.DegradeModel"/>, else to its feature's (<c>Features:NAME:DegradeModel</c>).</item>
/// </list>
/// </summary>
/// <remarks>
/// A feature's pinned model (<c>Features:NAME:Model</c>) is never routed (the settings refuse a rule beside a pin):
/// the shape stage sends its requests, <c>auto</c> included, to the pin. A degrade starts from the model the request
/// would be served with: the routed one, else the pin, else the model it names; it wins over the pin, which the shape
/// stage then leaves alone. A degrade model of the other provider family (an Anthropic model for an OpenAI request, or
/// the other way round) is served through translation, as a cross-family pin or fallback is: the request goes there
/// only where <see cref="CallTargets"/> can send it (a provider of that family is configured, and the translator takes
/// the request: no stateful Responses fields, built-in tools, <c>n</c> above 1 …). Degrade is a saving, not a reason to
/// fail: a request that cannot go to the degrade model stays on its own one (and the budget's <c>Block</c> still refuses
/// it in the reserve stage when it would pass the limit), its ledger row warning why. No degrade happens to the model
/// the request would be served with anyway, or to a model the pricing catalog does not price (the reserve stage could
/// not hold its worst case). Budgets of the <c>request</c> period hold no spend between requests, so they never
/// degrade. The first budget, in the order they are configured, that degrades the request decides its model.
/// </remarks>
internal sealed partial class RouteStage : IExchangeStage
{
    /// <summary>Why a request is not degraded to the model it is served with anyway: no step, so nothing to warn of.</summary>
    private const string SameModel = "it is the model the request is served with";

    private readonly IBudgetSource _budgets;
    private readonly IBudgetCounters _counters;
    private readonly PricingCatalog _pricing;
    private readonly RequestControls _controls;
    private readonly RoutingRules _rules;
    private readonly CallTargets _targets;
    private readonly ILogger<RouteStage> _logger;

    public RouteStage(IBudgetSource budgets, IBudgetCounters counters, PricingCatalog pricing, RequestControls controls, RoutingRules rules, CallTargets targets, ILogger<RouteStage> logger)
    {
        _budgets = budgets;
        _counters = counters;
        _pricing = pricing;
        _controls = controls;
        _rules = rules;
        _targets = targets;
        _logger = logger;
    }

    public string Name => "route";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(next);

        // Embeddings stay with their model: another one's vectors do not compare with those already stored.
        if (exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses)
        {
            var controls = _controls.For(exchange.Feature);
            RouteDecision? routed = null;
            if (controls.Model is null && !TryRoute(exchange, out routed))
            {
                return;
            }

            if (routed is not null)
            {
                exchange.Routing = routed;
                exchange.Edits.SetModel(routed.ToModel, routed.Lever);
            }

            // A degrade starts from the model the request would be served with: the routed one, the pin, or its own.
            if ((routed?.ToModel ?? controls.Model ?? exchange.Request.Model) is { } model
                && await DegradeAsync(exchange, controls, model, routed?.BaselineModel).ConfigureAwait(false) is { } degraded)
            {
                exchange.Routing = degraded;
                exchange.Edits.SetModel(degraded.ToModel, degraded.Lever);
                LogDegraded(_logger, exchange.RequestId, degraded.FromModel, degraded.ToModel, degraded.BudgetId ?? string.Empty);
            }
        }

        await next(exchange).ConfigureAwait(false);
    }

    /// <summary>
    /// The feature's routing rule applied to <paramref name="exchange"/>: <paramref name="route"/> is the model edit, or
    /// null when the request stays on the model it names. False when the request is refused (<c>auto</c> with no rule,
    /// or no model of the rule takes what it uses).
    /// </summary>
    private bool TryRoute(ExchangeContext exchange, out RouteDecision? route)
    {
        route = null;
        var requested = exchange.Request.Model;
        var rule = _rules.For(exchange.Feature);
        if (rule is null)
        {
            if (ModelRouter.IsAuto(requested))
            {
                exchange.Reject(400, ErrorTypes.InvalidRequest, exchange.Feature is { } feature
                    ? $"model \"auto\" asks the gateway to choose, and feature '{feature}' has no routing rule: set Features:{feature}:Routing, or name a model."
                    : "model \"auto\" asks the gateway to choose, which needs a feature with a routing rule (x-tollgate-feature and Features:NAME:Routing), or name a model.");
                return false;
            }

            return true;
        }

        if (!rule.RewriteModel && !ModelRouter.IsAuto(requested))
        {
            return true;
        }

        var outcome = ModelRouter.Decide(rule, _rules.Catalog, exchange.Protocol, requested, exchange.TaskType, exchange.RequestBody.Span, exchange.Request.HasTools);
        if (outcome.Refusal is { } refusal)
        {
            exchange.Reject(400, ErrorTypes.InvalidRequest, refusal);
            return false;
        }

        if (outcome.Model is { } model)
        {
            route = new RouteDecision(requested ?? ModelRouter.Auto, model, Levers.Routing, null, outcome.BaselineModel);
            LogRouted(_logger, exchange.RequestId, route.FromModel, model, ModelCatalog.TierName(outcome.Tier));
        }

        return true;
    }

    /// <summary>How far along <paramref name="state"/>'s budget is: spent and reserved over its limit, the larger of dollars and tokens.</summary>
    internal static decimal Utilisation(BudgetState state)
    {
        var budget = state.Budget;
        var used = 0m;
        if (budget.EffectiveLimitUsd is { } usd)
        {
            var spent = state.Spent.Usd + state.Reserved.Usd;
            used = usd > 0m ? spent / usd : 1m;
        }

        if (budget.LimitTokens is { } tokens)
        {
            var spent = state.Spent.Tokens + state.Reserved.Tokens;
            used = Math.Max(used, tokens > 0 ? (decimal)spent / tokens : 1m);
        }

        return used;
    }

    private async ValueTask<RouteDecision?> DegradeAsync(ExchangeContext exchange, FeatureControls controls, string model, string? baselineModel)
    {
        var set = await _budgets.GetCurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (!set.CanDegrade)
        {
            return null;
        }

        var price = _pricing.Find(model);
        var applicable = set.Applicable(BudgetSubject.Of(exchange, model, price));
        foreach (var budget in applicable)
        {
            if (budget.DegradeAt is not { } fraction || budget.Period.Kind == BudgetPeriodKind.Request
                || (budget.DegradeModel ?? controls.DegradeModel) is not { } target)
            {
                continue;
            }

            var state = await _counters.GetStateAsync(budget, CancellationToken.None).ConfigureAwait(false);
            if (Utilisation(state) < fraction)
            {
                continue;
            }

            if (Unservable(exchange, model, price, target) is { } reason)
            {
                LogNotDegraded(_logger, exchange.RequestId, budget.Id, target, reason);
                if (!ReferenceEquals(reason, SameModel))
                {
                    var setting = budget.DegradeModel is null ? $"Features:{exchange.Feature}:DegradeModel" : $"the degrade model of budget '{budget.Id}'";
                    exchange.AddWarning($"past the degrade fraction of budget '{budget.Id}' but served by {model}, not by {target} ({setting}): {reason}");
                }

                continue;
            }

            return new RouteDecision(model, target, Levers.Degrade, budget.Id, baselineModel);
        }

        return null;
    }

    /// <summary>Why <paramref name="target"/> cannot take <paramref name="exchange"/>, served with <paramref name="model"/>, or null when it can.</summary>
    private string? Unservable(ExchangeContext exchange, string model, ModelPrice? price, string target)
    {
        if (string.Equals(target, model, StringComparison.OrdinalIgnoreCase))
        {
            return SameModel;
        }

        if (_pricing.Find(target) is not { } targetPrice)
        {
            return "the pricing catalog has no price for it";
        }

        if (price is not null && string.Equals(price.Model, targetPrice.Model, StringComparison.Ordinal))
        {
            return SameModel;
        }

        // Another family's model is reached through translation: the same checks as a cross-family pin's or fallback's.
        return ProviderFamily.Serves(targetPrice.Provider, exchange.Protocol) ? null : _targets.Refusal(exchange, target);
    }

    [LoggerMessage(EventId = 52, Level = LogLevel.Debug, Message = "Request {RequestId} routed from {FromModel} to {ToModel} ({Tier} tier).")]
    private static partial void LogRouted(ILogger logger, string requestId, string fromModel, string toModel, string tier);

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Request {RequestId} degraded from {FromModel} to {ToModel} by budget {BudgetId}.")]
    private static partial void LogDegraded(ILogger logger, string requestId, string fromModel, string toModel, string budgetId);

    [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "Request {RequestId} is past the degrade fraction of budget {BudgetId}, but not degraded to {Target}: {Reason}.")]
    private static partial void LogNotDegraded(ILogger logger, string requestId, string budgetId, string target, string reason);
}
