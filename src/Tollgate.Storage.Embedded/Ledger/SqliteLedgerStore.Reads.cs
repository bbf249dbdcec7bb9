using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;

namespace Tollgate.Storage.Embedded.Ledger;

/// <summary>
/// The store's reads. Each one sees every row whose write has returned: a settled row journalled to be committed later
/// (<see cref="LedgerDurability.ProcessCrashSafe"/>) is committed before a read that began after its write returned, so
/// while such rows are queued a read first waits for the commit that takes them (one commit, shared with the writes
/// queued with them), and otherwise reads at once.
/// </summary>
internal sealed partial class SqliteLedgerStore
{
    /// <inheritdoc />
    public ValueTask<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return ReadAsync(static (reader, id) => reader.Get(id), requestId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SpendReport> GetSpendAsync(SpendQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(static (reader, spendQuery) => reader.Spend(spendQuery), query, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UnpricedModel>> GetUnpricedModelsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (reader, _) => reader.UnpricedModels(), false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> GetCostliestAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync(static (reader, query) => reader.Costliest(query.since, query.until, query.limit), (since, until, limit), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SpendTimeline> GetSpendTimelineAsync(SpendTimelineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(static (reader, timelineQuery) => reader.Timeline(timelineQuery), query, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<TokenHistogram> GetTokenHistogramAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ReadAsync(static (reader, period) => reader.Histogram(period.since, period.until), (since, until), cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(static (reader, _) => reader.Count(), false, cancellationToken);

    private ValueTask<T> ReadAsync<T, TArgument>(Func<LedgerReader, TArgument, T> read, TArgument argument, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Volatile.Read(ref _journalledToCommit) == 0
            ? ValueTask.FromResult(read(_reader, argument))
            : ReadAfterCommitAsync(read, argument, cancellationToken);
    }

    private async ValueTask<T> ReadAfterCommitAsync<T, TArgument>(Func<LedgerReader, TArgument, T> read, TArgument argument, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // The commit failed: read what the database holds (a row left in the journal still reads back by its id and counts).
        }

        return read(_reader, argument);
    }
}
