using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// One queued piece of work for the ledger writer, and the promise its caller awaits. Deriving from
/// <see cref="TaskCompletionSource{TResult}"/> makes a write one allocation (plus its task). Continuations run
/// asynchronously so callers never run on the writer thread.
/// </summary>
internal sealed class LedgerWrite : TaskCompletionSource<int>
{
    private LedgerWrite(LedgerWriteKind kind, LedgerEntry? entry, bool journalled = false)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Kind = kind;
        Entry = entry;
        IsJournalled = journalled;
    }

    public LedgerWriteKind Kind { get; }

    /// <summary>An upsert of a row already in the intent journal, whose writer does not wait for the commit.</summary>
    public bool IsJournalled { get; }

    /// <summary>The row to upsert (only for <see cref="LedgerWriteKind.Upsert"/>).</summary>
    public LedgerEntry? Entry { get; }

    /// <summary>Rows changed, reported once the batch commits.</summary>
    public int RowsChanged { get; set; }

    /// <summary>Why this write failed inside an otherwise committed batch.</summary>
    public Exception? Failure { get; set; }

    public static LedgerWrite Upsert(LedgerEntry entry) => new(LedgerWriteKind.Upsert, entry);

    public static LedgerWrite JournalledUpsert(LedgerEntry entry) => new(LedgerWriteKind.Upsert, entry, journalled: true);

    public static LedgerWrite InsertIfAbsent(LedgerEntry entry) => new(LedgerWriteKind.InsertIfAbsent, entry);

    public static LedgerWrite RecoverInterrupted() => new(LedgerWriteKind.RecoverInterrupted, null);

    public static LedgerWrite Flush() => new(LedgerWriteKind.Flush, null);
}
