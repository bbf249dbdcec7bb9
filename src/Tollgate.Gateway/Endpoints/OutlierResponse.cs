using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Endpoints;

/// <summary>One of the costliest requests in the body of <c>GET /admin/outliers</c>.</summary>
/// <param name="RequestId">The request's id (<c>x-tollgate-request-id</c>).</param>
/// <param name="CreatedAt">When the request arrived.</param>
/// <param name="Feature">Its feature; null when none.</param>
/// <param name="Model">The model that served it, else the one it asked for.</param>
/// <param name="User">Its end user; null when none.</param>
/// <param name="Team">Its team; null when none.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CostUsd">What it cost, in USD.</param>
internal sealed record OutlierResponse(
    string RequestId,
    DateTimeOffset CreatedAt,
    string? Feature,
    string? Model,
    string? User,
    string? Team,
    long InputTokens,
    long OutputTokens,
    decimal? CostUsd)
{
    public static OutlierResponse From(LedgerEntry entry) =>
        new(entry.RequestId, entry.Timestamp, entry.Feature, entry.ServedModel ?? entry.RequestedModel, entry.User, entry.Team, entry.InputTokens, entry.OutputTokens, entry.CostUsd);
}
