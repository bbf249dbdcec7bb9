namespace Tollgate.Core.Ledger;

/// <summary>
/// What one lever saved on one request, in USD: the price before the lever's step minus the price after it, both
/// on the same tokens. Negative when the lever cost more (a prompt-cache write is billed above the input price).
/// </summary>
/// <param name="Lever">The lever (see <see cref="Levers"/>).</param>
/// <param name="SavedUsd">Saving in USD; exact, never rounded.</param>
public sealed record LeverSaving(string Lever, decimal SavedUsd);
