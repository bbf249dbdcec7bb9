namespace Tollgate.Core.Budgets;

/// <summary>
/// Budget definitions made through the admin API (a key's own budget among them), and the top-ups of prepaid credits.
/// Budgets from the configuration file are not stored here. Implementations must be safe for concurrent use.
/// </summary>
public interface IBudgetStore
{
    /// <summary>Every stored budget, with its top-ups in <see cref="BudgetDefinition.TopUpUsd"/>, by id.</summary>
    ValueTask<IReadOnlyList<BudgetDefinition>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One stored budget by id, or null.</summary>
    ValueTask<BudgetDefinition?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the budget of <see cref="BudgetDefinition.Id"/>; a replaced budget keeps its top-ups.</summary>
    ValueTask PutAsync(BudgetDefinition budget, CancellationToken cancellationToken = default);

    /// <summary>Removes a stored budget (and its top-ups); false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="amountUsd"/> to the top-ups of budget <paramref name="id"/> (stored or from the configuration
    /// file) and returns their new total.
    /// </summary>
    ValueTask<decimal> TopUpAsync(string id, decimal amountUsd, CancellationToken cancellationToken = default);

    /// <summary>The top-ups of every budget that has some, by id (configured budgets included).</summary>
    ValueTask<IReadOnlyDictionary<string, decimal>> GetTopUpsAsync(CancellationToken cancellationToken = default);
}
