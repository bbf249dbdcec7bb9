namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>GET /admin/outliers</c>: the period and its costliest requests, dearest first.</summary>
internal sealed record OutlierListResponse(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<OutlierResponse> Data);
