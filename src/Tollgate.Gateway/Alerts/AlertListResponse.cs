namespace Tollgate.Gateway.Alerts;

/// <summary>The body of <c>GET /admin/alerts</c>: the alerts asked for, newest first.</summary>
internal sealed record AlertListResponse(IReadOnlyList<AlertResponse> Alerts);
