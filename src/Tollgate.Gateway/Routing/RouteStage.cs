using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Controls;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The <c>route</c> stage: picks the model a request is sent to, after the cache and coalescing (which key the request
/// as the client sent it, so a hit or a waiter is never re-routed and no key changes) and before <c>shape</c> and
/// <c>reserve</c> (which work on the routed model). One rule so far, degrade under budget pressure: when a budget that
/// applies to the request (the same match as the reserve stage's) has spent and reserved at least its
/// <see cref="BudgetDefinition.DegradeAt"/> fraction of a limit (dollars or tokens, whichever is further along), the
/// request goes to the budget's <see cref="BudgetDefinition.DegradeModel"/>, else to its feature's
/// (<c>Features:NAME:DegradeModel</c>), as a model edit whose lever is <c>degrade</c>.
/// </summary>
/// <remarks>
/// The rule starts from the model the request would be served with: the feature's pinned model
/// (<c>Features:NAME:Model</c>) when it has one, else the model the request names. A degrade wins over the pin, which
/// the shape stage then leaves alone. No degrade happens to the model the request would be served with anyway, to a
/// model the pricing catalog does not price (the reserve stage could not hold its worst case), or to one of another
/// provider family than the request's protocol (an Anthropic model for an OpenAI request or the other way round: that
/// needs translation). Budgets of the <c>request</c> period hold no spend between requests, so they never degrade.
/// The first budget, in the order they are configured, that degrades the request decides its model.
/// </remarks>
internal sealed partial class RouteStage : IExchangeStage
{
    private readonly IBudgetSource _budgets;
    private readonly IBudgetCounters _counters;
    private readonly PricingCatalog _pricing;
    private readonly RequestControls _controls;
    private readonly ILogger<RouteStage> _logger;

    public RouteStage(IBudgetSource budgets, IBudgetCounters counters, PricingCatalog pricing, RequestControls controls, ILogger<RouteStage> logger)
    {
        _budgets = budgets;
        _counters = counters;
        _pricing = pricing;
        _controls = controls;
        _logger = logger;
    }

    public string Name => "route";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(next);

        // Embeddings stay with their model: another one's vectors do not compare with those already stored.
        if (exchange.Operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses
            && await DegradeAsync(exchange).ConfigureAwait(false) is { } route)
        {
            exchange.Routing = route;
            exchange.Edits.SetModel(route.ToModel, route.Lever);
            LogDegraded(_logger, exchange.RequestId, route.FromModel, route.ToModel, route.BudgetId ?? string.Empty);
        }

        await next(exchange).ConfigureAwait(false);
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

    private async ValueTask<RouteDecision?> DegradeAsync(ExchangeContext exchange)
    {
        var set = await _budgets.GetCurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (!set.CanDegrade)
        {
            return null;
        }

        var controls = _controls.For(exchange.Feature);
        if ((controls.Model ?? exchange.Request.Model) is not { } model)
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

            if (Unservable(exchange.Protocol, model, price, target) is { } reason)
            {
                LogNotDegraded(_logger, exchange.RequestId, budget.Id, target, reason);
                continue;
            }

            return new RouteDecision(model, target, Levers.Degrade, budget.Id);
        }

        return null;
    }

    /// <summary>Why <paramref name="target"/> cannot take a request of <paramref name="protocol"/> for <paramref name="model"/>, or null when it can.</summary>
    private string? Unservable(WireProtocol protocol, string model, ModelPrice? price, string target)
    {
        if (string.Equals(target, model, StringComparison.OrdinalIgnoreCase))
        {
            return "it is the model the request is served with";
        }

        if (_pricing.Find(target) is not { } targetPrice)
        {
            return "the pricing catalog has no price for it";
        }

        if (price is not null && string.Equals(price.Model, targetPrice.Model, StringComparison.Ordinal))
        {
            return "it is the model the request is served with";
        }

        return ProviderFamily.Serves(targetPrice.Provider, protocol) ? null : $"its provider ({targetPrice.Provider}) does not serve the {protocol} protocol";
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Request {RequestId} degraded from {FromModel} to {ToModel} by budget {BudgetId}.")]
    private static partial void LogDegraded(ILogger logger, string requestId, string fromModel, string toModel, string budgetId);

    [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "Request {RequestId} is past the degrade fraction of budget {BudgetId}, but not degraded to {Target}: {Reason}.")]
    private static partial void LogNotDegraded(ILogger logger, string requestId, string budgetId, string target, string reason);
}
