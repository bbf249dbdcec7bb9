using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Stages;

/// <summary>
/// The hold of a later attempt: each model of a fallback chain is held at its own worst case before it is called, and an
/// answer asked for again (its output failed its JSON Schema) at the worst case of the new call on top of what the
/// earlier ones were billed.
/// </summary>
public sealed partial class ReserveStage
{
    /// <summary>
    /// Moves the exchange's hold to its worst case at <paramref name="model"/>, the model a fallback attempt is about to
    /// call, so that a cheap model falling back to a dear one cannot slip past a budget: the old hold is given back and
    /// the new one taken against every budget that applies to the new model (all or none). Returns the refusal (the
    /// reserve stage's 402, or its 400 for a model whose worst case is unknown) when the new hold does not fit; the
    /// exchange then keeps its old hold, as far as the budgets still have room for it.
    /// </summary>
    /// <param name="exchange">The exchange, past the reserve stage.</param>
    /// <param name="model">The model the next attempt is sent to.</param>
    /// <param name="spent">
    /// What the exchange's earlier attempts were billed, held with the new worst case: settlement replaces the hold by the
    /// sum of every attempt, so a request asked again can never take a budget past its limit either.
    /// </param>
    public async ValueTask<ExchangeRejection?> RebookAsync(ExchangeContext exchange, string model, BudgetCharge spent = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (!Generates(exchange.Operation))
        {
            return null;
        }

        var old = exchange.BudgetReservation;
        if (old is not null)
        {
            await _counters.ReleaseAsync(old, CancellationToken.None).ConfigureAwait(false);
            exchange.BudgetReservation = null;
        }

        var (reservation, refusal) = await ReserveAsync(exchange, model, spent).ConfigureAwait(false);
        if (refusal is null)
        {
            exchange.BudgetReservation = reservation;
            return null;
        }

        if (old is not null)
        {
            // Best effort: what the earlier attempts cost is settled against the budgets through this hold.
            var again = await _counters.TryReserveAsync(old.Budgets, old.Charge, CancellationToken.None).ConfigureAwait(false);
            exchange.BudgetReservation = again.Reservation;
        }

        return refusal;
    }
}
