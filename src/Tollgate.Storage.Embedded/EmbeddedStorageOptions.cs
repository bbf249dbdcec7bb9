using Tollgate.Storage.Embedded.Caching;

namespace Tollgate.Storage.Embedded;

/// <summary>Settings of the embedded SQLite storage.</summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>
    /// Durability of a commit. <see cref="SqliteSynchronousMode.Normal"/> (the default) survives a process
    /// crash but may lose the last transactions on power loss; <see cref="SqliteSynchronousMode.Full"/>
    /// survives power loss too.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>
    /// How long a connection waits for another one (another process, such as <c>tollgate keys</c>, may hold
    /// the write lock) before failing with "database is locked". Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most ledger writes committed in one transaction. Default 1024.</summary>
    public int MaxWriteBatchSize { get; set; } = 1024;

    /// <summary>
    /// How often what the committed ledger rows add to the hourly rollup is written (off the commit; reads add the rows
    /// not yet in it, so they are exact either way). More than zero, at most an hour. Default 5 seconds.
    /// </summary>
    public TimeSpan RollupFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Read connections kept open for reuse per store. Default 4.</summary>
    public int MaxIdleReadConnections { get; set; } = 4;

    /// <summary>The response cache's file, memory bound and lock waiting.</summary>
    public EmbeddedCacheOptions Cache { get; set; } = new();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Cache);
        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "Synchronous must be Normal or Full.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "BusyTimeout must be more than zero and at most 10 minutes.");
        }

        if (MaxWriteBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWriteBatchSize), MaxWriteBatchSize, "MaxWriteBatchSize must be between 1 and 100000.");
        }

        if (RollupFlushInterval <= TimeSpan.Zero || RollupFlushInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RollupFlushInterval), RollupFlushInterval, "RollupFlushInterval must be more than zero and at most an hour.");
        }

        if (MaxIdleReadConnections is < 0 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIdleReadConnections), MaxIdleReadConnections, "MaxIdleReadConnections must be between 0 and 256.");
        }
    }
}
