namespace Tollgate.Gateway;

/// <summary>Settings of one end user (<c>Tollgate:Users:USER</c>, the name a request's user is attributed by).</summary>
public sealed class UserOptions
{
    /// <summary>The tier the user belongs to (a name of <c>Tollgate:Tiers</c>); the admin API's choice overrides it.</summary>
    public string? Tier { get; set; }
}
