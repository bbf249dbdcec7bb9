namespace Tollgate.Storage.Embedded.Caching;

/// <summary>Settings of the embedded response cache store.</summary>
public sealed class EmbeddedCacheOptions
{
    /// <summary>Name of the cache's database file inside the data directory, by default.</summary>
    public const string DefaultFileName = "cache.db";

    /// <summary>
    /// The cache's database file: relative to the data directory, or absolute. Default <c>cache.db</c>. It must not be
    /// the ledger's file: cache writes take their own write lock so they never hold up a ledger commit.
    /// </summary>
    public string DatabasePath { get; set; } = DefaultFileName;

    /// <summary>
    /// Most bytes of answers kept in memory in front of the database; the least recently used go first. Default 64 MiB;
    /// 0 keeps nothing in memory.
    /// </summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a write waits for another process holding the cache file's write lock. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Read connections kept open for reuse. Default 4.</summary>
    public int MaxIdleReadConnections { get; set; } = 4;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        if (MemoryLimitBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryLimitBytes), MemoryLimitBytes, "MemoryLimitBytes must not be negative.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "BusyTimeout must be more than zero and at most 10 minutes.");
        }

        if (MaxIdleReadConnections is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdleReadConnections), MaxIdleReadConnections, "MaxIdleReadConnections must be between 0 and 256.");
        }
    }
}
