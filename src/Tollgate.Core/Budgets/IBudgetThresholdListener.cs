namespace Tollgate.Core.Budgets;

/// <summary>
/// Told when a budget's settled spend reaches one of its warning fractions (once per fraction and window). Called on the
/// settling request's path, after its row is durable: keep it quick and hand slow work (a webhook) off. One that
/// throws is logged and skipped.
/// </summary>
public interface IBudgetThresholdListener
{
    /// <summary>Called once for each fraction crossed.</summary>
    ValueTask OnThresholdCrossedAsync(BudgetThresholdCrossing crossing, CancellationToken cancellationToken);
}
