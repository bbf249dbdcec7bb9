using SQLitePCL;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger.Rollup;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The hourly rollup, kept off the commit. The rollup table holds exactly the settled rows whose commit sequence number
/// is at most its watermark; reads add the rows above it. A batch takes the next number (one more than the largest in
/// the ledger, read in its transaction) and, once committed, adds what its rows count to buckets in memory: no SQL.
/// <see cref="FlushRollup"/> writes those buckets and moves the watermark to this process's last batch, in one
/// transaction of its own, between batches. When the buckets cannot be trusted to hold exactly the rows above the
/// watermark (at start, after another process wrote rows or moved the watermark), the flush reads those rows back
/// instead. A row rewritten after it counted leaves the rollup in its rewrite's transaction when the rollup holds it,
/// and the buckets otherwise; a crash at any point leaves the table, the watermark and the rows in agreement.
/// </summary>
internal sealed partial class LedgerBatchCommitter
{
    private readonly Lock _lock = new();
    private readonly sqlite3_stmt _rewriteSavepoint;
    private readonly sqlite3_stmt _releaseRewrite;
    private readonly sqlite3_stmt _rollbackToRewrite;

    /// <summary>What the committed batches above the watermark add, by bucket (meaningful only while <see cref="_trusted"/>).</summary>
    private Dictionary<LedgerRollupKey, SpendSums> _pending = [];

    /// <summary>The rows the current batch counts besides its writes: rows it settles at start, and old rows it takes back.</summary>
    private readonly List<(LedgerEntry Row, int Sign)> _batchExtras = [];

    private long _batchSeq;

    /// <summary>The largest commit sequence number this process expects the ledger to hold: its last batch's, or what it last folded.</summary>
    private long _expectedLast = -1;

    /// <summary>The watermark as this process last wrote or read it.</summary>
    private long _knownWatermark = -1;

    /// <summary>Whether <see cref="_pending"/> holds exactly the rows above <see cref="_knownWatermark"/> up to <see cref="_expectedLast"/>.</summary>
    private bool _trusted;

    private bool _unflushed;
    private bool _closed;

    /// <summary>
    /// Writes the rollup's pending buckets and moves the watermark, in a transaction of its own (waiting for another
    /// process's lock). Does nothing when this process has committed nothing since its last flush. Returns whether it wrote.
    /// </summary>
    public bool FlushRollup()
    {
        lock (_lock)
        {
            if (_closed || !_unflushed)
            {
                return false;
            }

            var rc = Step(_begin);
            if (rc != raw.SQLITE_DONE)
            {
                throw Error(rc);
            }

            Dictionary<LedgerRollupKey, SpendSums> buckets;
            long watermark;
            try
            {
                var current = _rollup.Watermark();
                if (_trusted && current == _knownWatermark)
                {
                    buckets = _pending;
                    watermark = _expectedLast;
                }
                else
                {
                    // Read back what the buckets may not hold exactly: every row above the watermark, as it stands.
                    buckets = [];
                    watermark = _rollup.LastCommitSeq();
                    _rollup.Fold(current, buckets);
                }

                _rollup.Write(buckets);
                _rollup.SetWatermark(Math.Max(watermark, current));
                var committed = Step(_commit);
                if (committed != raw.SQLITE_DONE)
                {
                    throw Error(committed);
                }

                watermark = Math.Max(watermark, current);
            }
            catch
            {
                // Nothing of the flush stands; the buckets are as they were, and the next flush tries again.
                TryRollback();
                throw;
            }

            // The buckets start again from the new watermark: this process's last batch, or the largest number folded.
            _pending.Clear();
            _knownWatermark = watermark;
            _expectedLast = watermark;
            _trusted = true;
            _unflushed = false;
            return true;
        }
    }

    /// <summary>Takes the batch's commit sequence number, in its transaction; a number this process did not expect means others wrote.</summary>
    private void BeginBatch()
    {
        _batchExtras.Clear();
        var last = _rollup.LastCommitSeq();
        if (last != _expectedLast)
        {
            _trusted = false;
        }

        _batchSeq = last + 1;
    }

    /// <summary>After the batch committed: what its rows add goes to the pending buckets.</summary>
    private void Committed(List<LedgerWrite> batch)
    {
        // A batch that wrote no row (a flush's, one whose rows all failed) left no row with its number: the largest
        // stays what it was, and so does what this process expects it to be. The start's recovery always flushes: the
        // rows an earlier run left above the watermark are folded into the rollup then.
        if (!WroteRows(batch))
        {
            _unflushed |= batch.Exists(static write => write.Kind == LedgerWriteKind.RecoverInterrupted);
            return;
        }

        _expectedLast = _batchSeq;
        _unflushed = true;
        if (!_trusted)
        {
            return; // the next flush reads the rows back
        }

        foreach (var write in batch)
        {
            if (write.Entry is { } entry && write.Failure is null && write.RowsChanged != 0)
            {
                LedgerRollupRow.AddTo(_pending, entry, 1);
            }
        }

        foreach (var (row, sign) in _batchExtras)
        {
            LedgerRollupRow.AddTo(_pending, row, sign);
        }
    }

    private bool WroteRows(List<LedgerWrite> batch)
    {
        foreach (var write in batch)
        {
            if (write.Failure is null && write.RowsChanged != 0)
            {
                return true;
            }
        }

        return _batchExtras.Count != 0;
    }

    /// <summary>
    /// Writes a row over the request's row. A settled row the rollup holds (at or below the watermark) is taken out of
    /// the table here, in this transaction, as it was written; one above the watermark is taken out of the pending
    /// buckets with this batch. The new row counts as any row of the batch does.
    /// </summary>
    private int Rewrite(LedgerEntry entry)
    {
        var state = _rollup.CommitState(entry.RequestId);
        var old = state is { Settled: true } ? _rollup.Read(entry.RequestId) : null;
        CheckStep(_rewriteSavepoint);
        try
        {
            var changed = WriteRow(_upsert, entry);
            var inBuckets = false;
            if (old is not null && changed != 0)
            {
                if (state!.Value.CommitSeq is not { } seq || seq <= _rollup.Watermark())
                {
                    var taken = new Dictionary<LedgerRollupKey, SpendSums>();
                    LedgerRollupRow.AddTo(taken, old, -1);
                    _rollup.Write(taken);
                }
                else
                {
                    inBuckets = true;
                }
            }

            CheckStep(_releaseRewrite);
            if (inBuckets)
            {
                _batchExtras.Add((old!, -1));
            }

            return changed;
        }
        catch
        {
            if (InTransaction)
            {
                Step(_rollbackToRewrite);
                Step(_releaseRewrite);
            }

            throw;
        }
    }

    private static bool FailClosed(List<LedgerWrite> batch)
    {
        FailAll(batch, new ObjectDisposedException(nameof(LedgerBatchCommitter), "The ledger store is closed."));
        return true;
    }
}
