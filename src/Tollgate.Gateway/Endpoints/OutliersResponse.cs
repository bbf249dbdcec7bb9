namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>GET /admin/outliers</c>: the costliest requests of a period, costliest first.</summary>
/// <param name="Since">The period's start (inclusive).</param>
/// <param name="Until">The period's end (exclusive).</param>
/// <param name="Data">The requests.</param>
internal sealed record OutliersResponse(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<OutlierResponse> Data);
