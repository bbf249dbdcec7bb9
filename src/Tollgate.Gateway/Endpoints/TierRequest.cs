namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>PUT /admin/users/{user}/tier</c>: the tier the user belongs to.</summary>
internal sealed record TierRequest(string? Tier);
