namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>POST /admin/keys</c>.</summary>
internal sealed record KeyRequest(string? Name, string? User, string? Feature, string? Team);
