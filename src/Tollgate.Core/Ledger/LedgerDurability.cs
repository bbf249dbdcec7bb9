namespace Tollgate.Core.Ledger;

/// <summary>How durable a ledger row must be when <see cref="ILedgerStore.WriteAsync(LedgerEntry, LedgerDurability, CancellationToken)"/> returns.</summary>
public enum LedgerDurability
{
    /// <summary>
    /// Committed to the store's database: it survives a crash of the process, a power cut too where the store is set up
    /// for it, and every reader of the database sees it, other processes included.
    /// </summary>
    Committed,

    /// <summary>
    /// Survives a crash of the process (a <c>SIGKILL</c>), and every read of the same store sees it; the store may commit
    /// it to its database later, and does so before it is disposed. For rows of answers made without an upstream call,
    /// which then need not wait for a commit. A store with nothing cheaper commits the row, which is as good.
    /// </summary>
    ProcessCrashSafe,
}
