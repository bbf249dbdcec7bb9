using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Stages;

/// <summary>
/// The stage right before the call: holds the request's worst-case cost (<see cref="WorstCaseCost"/>, at the model
/// that will serve it and the output limit the shape stage left) against every budget that applies, all at once, or
/// refuses it with a 402 when that could take one past its limit. Settlement (<see cref="BudgetSettlement"/>) later
/// replaces the hold with the actual cost. A request answered earlier (a cache hit, a coalesced waiter) never gets
/// here: it spends nothing and is served even when a budget is spent. A request a budget applies to whose worst case
/// cannot be known (an unpriced model) is refused with a 400 naming the model and the pricing setting.
/// </summary>
public sealed partial class ReserveStage : IExchangeStage
{
    private readonly IBudgetSource _budgets;
    private readonly IBudgetCounters _counters;
    private readonly PricingCatalog _pricing;
    private readonly BudgetSettlement _settlement;
    private readonly ILogger<ReserveStage> _logger;

    /// <summary>Creates the stage.</summary>
    public ReserveStage(IBudgetSource budgets, IBudgetCounters counters, PricingCatalog pricing, BudgetSettlement settlement, ILogger<ReserveStage> logger)
    {
        _budgets = budgets;
        _counters = counters;
        _pricing = pricing;
        _settlement = settlement;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "reserve";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(next);
        var reservation = Generates(exchange.Operation) ? await ReserveAsync(exchange).ConfigureAwait(false) : null;
        if (exchange.Rejection is not null)
        {
            return;
        }

        if (reservation is null)
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }

        exchange.BudgetReservation = reservation;
        try
        {
            await next(exchange).ConfigureAwait(false);
        }
        finally
        {
            // Normally the row's settlement settles the reservation (BudgetSettlement). A row already written without
            // that (its usage comes later, or the observers never ran) keeps the worst case as spent: unknown is not
            // zero. A row not yet written is settled by the settle stage, and the reservation with it.
            if (exchange.Settled && !reservation.IsCompleted)
            {
                await _settlement.SettleAsync(reservation, reservation.Charge, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Operations the provider bills for generating or embedding; the rest (listing, counting, retrieving) cost nothing.</summary>
    private static bool Generates(ExchangeOperation operation) =>
        operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses or ExchangeOperation.Embeddings;

    private async ValueTask<BudgetReservation?> ReserveAsync(ExchangeContext exchange)
    {
        var set = await _budgets.GetCurrentAsync(CancellationToken.None).ConfigureAwait(false);
        if (set.IsEmpty)
        {
            return null;
        }

        var model = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        var price = _pricing.Find(model);
        var subject = new BudgetSubject
        {
            KeyName = exchange.Key?.Name,
            User = exchange.User,
            Feature = exchange.Feature,
            Team = exchange.Team,
            Tags = exchange.Tags,
            Tier = exchange.Tier,
            Model = price?.Model ?? model,
            Provider = price?.Provider,
        };
        var applicable = set.Applicable(subject);
        if (applicable.Length == 0)
        {
            return null;
        }

        var worst = WorstCaseCost.Of(exchange, model, price);
        if (!worst.IsKnown)
        {
            LogUnreservable(_logger, model ?? "(none)", exchange.RequestId);
            exchange.Reject(new ExchangeRejection(400, ErrorTypes.InvalidRequest, worst.Problem!) { Param = "model", Code = "model_not_priced", Reason = "unpriced_model" });
            return null;
        }

        var outcome = await _counters.TryReserveAsync(applicable, worst.Charge, CancellationToken.None).ConfigureAwait(false);
        if (outcome.RefusedBy is { } refusedBy)
        {
            LogRefused(_logger, refusedBy.Budget.DisplayName, refusedBy.Budget.Id, exchange.RequestId);
            exchange.Reject(BudgetRefusal.For(refusedBy, worst.Charge));
            return null;
        }

        return outcome.Reservation;
    }

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Budget {Budget} ({BudgetId}) refused request {RequestId}.")]
    private static partial void LogRefused(ILogger logger, string budget, string budgetId, string requestId);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Request {RequestId} for model {Model} cannot be reserved against its budgets: the model's price or maximum output is unknown.")]
    private static partial void LogUnreservable(ILogger logger, string model, string requestId);
}
