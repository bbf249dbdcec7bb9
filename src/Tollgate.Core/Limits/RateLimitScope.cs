namespace Tollgate.Core.Limits;

/// <summary>What a rate limit counts together: every request (<see cref="Global"/>), or the requests of one key, user, feature, team or tag.</summary>
public enum RateLimitScope
{
    /// <summary>Every request the gateway serves.</summary>
    Global,

    /// <summary>The requests of a virtual key (by its name).</summary>
    Key,

    /// <summary>The requests attributed to an end user.</summary>
    User,

    /// <summary>The requests attributed to a feature.</summary>
    Feature,

    /// <summary>The requests attributed to a team.</summary>
    Team,

    /// <summary>The requests carrying a tag (<c>x-tollgate-tags</c>).</summary>
    Tag,
}
