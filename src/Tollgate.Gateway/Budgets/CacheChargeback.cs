using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Caching.Coalescing;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Budgets;

/// <summary>
/// Chargeback of answers made without a provider call (<c>Tollgate:Chargeback:CacheHits</c>, a feature's own
/// <c>Chargeback:CacheHits</c> over it), for operators who bill internal teams at list price. When it is on, a cache hit
/// is held against every budget that applies at its baseline (the stored answer's usage at the requested model's list
/// price) before it is answered, and a coalesced waiter, whose answer is not known yet, at the call's worst case; either
/// is refused with 402 like any call when that does not fit. <see cref="BudgetSettlement"/> then settles the hold at the
/// row's baseline (<c>charged_usd</c>), while the row itself costs 0 and names its lever. When it is off (the default),
/// such answers hold nothing and are served even when a budget is spent.
/// </summary>
internal sealed partial class CacheChargeback
{
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly IBudgetSource _budgets;
    private readonly IBudgetCounters _counters;
    private readonly PricingCatalog _pricing;
    private readonly BudgetSettlement _settlement;
    private readonly ILogger<CacheChargeback> _logger;

    public CacheChargeback(IOptionsMonitor<GatewayOptions> options, IBudgetSource budgets, IBudgetCounters counters, PricingCatalog pricing, BudgetSettlement settlement, ILogger<CacheChargeback> logger)
    {
        _options = options;
        _budgets = budgets;
        _counters = counters;
        _pricing = pricing;
        _settlement = settlement;
        _logger = logger;
    }

    /// <summary>Holds a cache hit's baseline against its budgets when chargeback applies to it; false (and the exchange refused) when they refuse it.</summary>
    public ValueTask<bool> TryHoldHitAsync(ExchangeContext exchange, StoredAnswer hit) =>
        Applies(exchange) ? HoldAsync(exchange, hit) : ValueTask.FromResult(true);

    /// <summary>Holds a coalesced waiter's worst case against its budgets when chargeback applies to it; false (and the exchange refused) when they refuse it.</summary>
    public ValueTask<bool> TryHoldWaiterAsync(ExchangeContext exchange) =>
        Applies(exchange) ? HoldAsync(exchange, null) : ValueTask.FromResult(true);

    /// <summary>
    /// Once the answer is written: a hold the row's settlement did not settle (its observers never ran) stays spent at
    /// what it held; unknown is not zero.
    /// </summary>
    public async ValueTask CompleteAsync(ExchangeContext exchange)
    {
        if (exchange.ChargedBack && exchange.Settled && exchange.BudgetReservation is { IsCompleted: false } reservation)
        {
            await _settlement.SettleAsync(reservation, reservation.Charge, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a waiter's hold back when it leads the call after all (the reserve stage then holds the call's own).</summary>
    public async ValueTask ReleaseAsync(ExchangeContext exchange)
    {
        if (exchange.ChargedBack && exchange.BudgetReservation is { } reservation)
        {
            await _counters.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            exchange.BudgetReservation = null;
            exchange.ChargedBack = false;
        }
    }

    /// <summary>Whether chargeback applies to the exchange's feature now (its own setting, else the gateway's).</summary>
    private bool Applies(ExchangeContext exchange)
    {
        var options = _options.CurrentValue;
        var feature = exchange.Feature is { } name && options.Features.TryGetValue(name, out var settings) ? settings?.Chargeback?.CacheHits : null;
        return feature ?? options.Chargeback?.CacheHits ?? false;
    }

    private async ValueTask<bool> HoldAsync(ExchangeContext exchange, StoredAnswer? hit)
    {
        var set = await _budgets.GetCurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (set.IsEmpty)
        {
            return true;
        }

        var model = exchange.Request.Model;
        var price = _pricing.Find(model);
        var applicable = set.Applicable(BudgetSubject.Of(exchange, model, price));
        if (applicable.Length == 0)
        {
            return true;
        }

        var charge = BudgetCharge.Zero;
        if (price is not null && hit is not null)
        {
            charge = Baseline(exchange, hit, price);
        }
        else if (WorstCaseCost.Of(exchange, model, price) is { IsKnown: true } worst && price is not null)
        {
            charge = worst.Charge;
        }
        else
        {
            // As the reserve stage does: a budget cannot take an answer whose price is unknown as free.
            exchange.Reject(WorstCaseCost.Of(exchange, model, price).Refusal());
            return false;
        }
        var outcome = await _counters.TryReserveAsync(applicable, charge, CancellationToken.None).ConfigureAwait(false);
        if (outcome.RefusedBy is { } refusedBy)
        {
            LogRefused(_logger, refusedBy.Budget.DisplayName, refusedBy.Budget.Id, exchange.RequestId);
            exchange.Reject(BudgetRefusal.For(refusedBy, charge));
            return false;
        }

        exchange.BudgetReservation = outcome.Reservation;
        exchange.ChargedBack = true;
        return true;
    }

    /// <summary>The hit's baseline: the usage its stored answer reports, at the requested model's list price.</summary>
    private static BudgetCharge Baseline(ExchangeContext exchange, StoredAnswer hit, ModelPrice price)
    {
        ReadOnlySpan<byte> body = hit.IsEventStream ? OtherFormAnswer.ToBody(exchange.Operation, hit.Body.ToArray()) : hit.Body.Span;
        var facts = default(ResponseFacts);
        if (exchange.Operation == ExchangeOperation.Responses)
        {
            ResponseReader.TryReadResponses(body, ref facts);
        }
        else
        {
            ResponseReader.TryRead(body, hit.Protocol, ref facts);
        }

        var usage = facts.ToUsage();
        return new BudgetCharge(ChargebackCost.Baseline(price, usage), usage.InputTokens + usage.OutputTokens);
    }

    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "Budget {Budget} ({BudgetId}) refused request {RequestId}, a cache hit charged back at its baseline.")]
    private static partial void LogRefused(ILogger logger, string budget, string budgetId, string requestId);
}
