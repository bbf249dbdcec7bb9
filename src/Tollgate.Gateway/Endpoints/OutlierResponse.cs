using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Endpoints;

/// <summary>One of the costliest requests, as <c>GET /admin/outliers</c> lists it (names as the ledger row has them; <c>model</c> the one that served).</summary>
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
    public static OutlierResponse From(LedgerEntry entry) => new(
        entry.RequestId, entry.Timestamp, entry.Feature, entry.ServedModel ?? entry.RequestedModel, entry.User, entry.Team, entry.InputTokens, entry.OutputTokens, entry.CostUsd);
}
