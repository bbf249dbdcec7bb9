namespace Tollgate.Storage.Embedded;

/// <summary>How hard SQLite works to keep a committed transaction (its <c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: a committed transaction is in the write-ahead log and survives a crash or
    /// kill of the process. A power loss or operating-system crash may lose the last few transactions
    /// (the database itself stays consistent). The default: commits need no fsync.
    /// </summary>
    Normal,

    /// <summary>
    /// <c>synchronous=FULL</c>: every commit is synced to disk and also survives a power loss, at the price
    /// of one fsync per commit (group commit shares it among all writes of a batch).
    /// </summary>
    Full,
}
