namespace Tollgate.Core.Requests;

/// <summary>One edit in effect on a request, with the lever that asked for it (for the ledger and diagnostics).</summary>
/// <param name="Kind">What the edit changes.</param>
/// <param name="Lever">Name of the lever (stage) that recorded it, e.g. <c>route</c>.</param>
/// <param name="Value">The value set or added, as text: a model, a token count, a stop sequence, system text, raw JSON; null for removals and the stream usage switch.</param>
/// <param name="Property">The top-level member of a <see cref="RequestEditKind.SetProperty"/> or <see cref="RequestEditKind.RemoveProperty"/> edit; null otherwise.</param>
public readonly record struct RequestEdit(RequestEditKind Kind, string Lever, string? Value, string? Property = null);
