using Tollgate.Core.Exchange;

namespace Tollgate.Core.Responses;

/// <summary>
/// How a background response ended, as the provider reported it once it stopped running: what settles the row its
/// creating call left with an unknown cost (<see cref="Settlement.LedgerSettler.SettleBackgroundAsync"/>).
/// </summary>
/// <param name="Status">The response's final <c>status</c> (<c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>cancelled</c>), or null when it never reported one.</param>
/// <param name="Usage">The usage the provider reported; null when it reported none (the cost then stays unknown).</param>
/// <param name="ServedModel">The model that served, as the provider named it; null when unknown.</param>
/// <param name="ErrorType">The response's <c>error.code</c> when it failed, or why it ended without a status; null otherwise.</param>
/// <param name="BuiltInToolCalls">The built-in tool calls among its output items, billed per call.</param>
/// <param name="Warning">A remark for the row (why the usage is unknown); null when there is none.</param>
public sealed record BackgroundResponseOutcome(
    string? Status,
    TokenUsage? Usage,
    string? ServedModel,
    string? ErrorType,
    BuiltInToolCalls BuiltInToolCalls = default,
    string? Warning = null)
{
    /// <summary>Whether <paramref name="status"/> is one a response never leaves: <c>completed</c>, <c>incomplete</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public static bool IsTerminal(string? status) => status is "completed" or "incomplete" or "failed" or "cancelled";
}
