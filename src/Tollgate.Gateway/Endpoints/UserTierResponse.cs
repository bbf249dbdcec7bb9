namespace Tollgate.Gateway.Endpoints;

/// <summary>A user's tier as <c>PUT /admin/users/{user}/tier</c> answers it.</summary>
internal sealed record UserTierResponse(string User, string Tier);
