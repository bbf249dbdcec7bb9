namespace Tollgate.Core.Identity;

/// <summary>
/// The attribution of a call: who it is charged to. A virtual key fixes each of these or leaves it open, and only
/// an open one may be named by the caller (<c>x-tollgate-user</c>, <c>x-tollgate-feature</c>, <c>x-tollgate-team</c>).
/// </summary>
[Flags]
public enum AttributionFields
{
    /// <summary>Nothing: the key's attribution is all there is.</summary>
    None = 0,

    /// <summary>The end user: <c>x-tollgate-user</c>, else the body's <c>user</c> / <c>metadata.user_id</c>.</summary>
    User = 1,

    /// <summary>The feature: <c>x-tollgate-feature</c>.</summary>
    Feature = 2,

    /// <summary>The team: <c>x-tollgate-team</c>.</summary>
    Team = 4,
}
