namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>What a queued <see cref="LedgerWrite"/> asks the writer to do.</summary>
internal enum LedgerWriteKind
{
    /// <summary>Insert or replace one row.</summary>
    Upsert,

    /// <summary>Insert one row unless the request already has one (recovered intents).</summary>
    InsertIfAbsent,

    /// <summary>Mark pending rows as interrupted.</summary>
    RecoverInterrupted,

    /// <summary>Nothing: completes once everything queued before it is committed.</summary>
    Flush,
}
