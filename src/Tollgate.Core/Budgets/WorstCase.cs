using Tollgate.Core.Exchange;

namespace Tollgate.Core.Budgets;

/// <summary>The most a request can cost, or why that cannot be known.</summary>
/// <param name="Charge">The worst-case dollars and tokens; zero when unknown.</param>
/// <param name="Problem">Why the worst case is unknown (naming the model and the pricing setting); null when known.</param>
public readonly record struct WorstCase(BudgetCharge Charge, string? Problem)
{
    /// <summary>Whether the worst case is known.</summary>
    public bool IsKnown => Problem is null;

    /// <summary>An unknown worst case, for <paramref name="problem"/>.</summary>
    public static WorstCase Unknown(string problem) => new(BudgetCharge.Zero, problem);

    /// <summary>The 400 that refuses a request budgets apply to whose worst case is unknown, naming the model and the pricing setting.</summary>
    public ExchangeRejection Refusal() =>
        new(400, ErrorTypes.InvalidRequest, Problem ?? "The request's cost cannot be known.") { Param = "model", Code = "model_not_priced", Reason = "unpriced_model" };
}
