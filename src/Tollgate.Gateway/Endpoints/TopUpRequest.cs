namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>POST /admin/budgets/{id}/topup</c>: the dollars to add to a prepaid credit.</summary>
internal sealed record TopUpRequest(decimal? AmountUsd);
