namespace Tollgate.Core.Caching;

/// <summary>Who may share a cache entry: entries never cross the boundary the scope draws.</summary>
public enum CacheKeyScope
{
    /// <summary>Every key of one team shares entries (the default).</summary>
    Team,

    /// <summary>Each virtual key has its own entries.</summary>
    Key,

    /// <summary>Every caller shares entries.</summary>
    Global,
}
