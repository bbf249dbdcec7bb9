using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// The settled rows of a data directory's ledger, read alone for reports (<c>tollgate report --data-dir</c>): nothing of
/// the ledger's writing side is opened, so it reads beside a running gateway without touching its journal.
/// </summary>
public sealed class EmbeddedLedgerReader : IDisposable
{
    private readonly LedgerReader _reader;

    internal EmbeddedLedgerReader(string databasePath, LedgerReader reader)
    {
        DatabasePath = databasePath;
        _reader = reader;
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The spend report of the settled rows <paramref name="query"/> covers, as <see cref="ILedgerStore.GetSpendAsync"/> gives it.</summary>
    /// <exception cref="ArgumentException">The query groups by a tag and names no valid tag key.</exception>
    public SpendReport GetSpend(SpendQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _reader.Spend(query);
    }

    /// <summary>The costliest settled requests of [<paramref name="since"/>, <paramref name="until"/>), as <see cref="ILedgerStore.GetCostliestAsync"/> gives them.</summary>
    public IReadOnlyList<LedgerEntry> GetCostliest(DateTimeOffset since, DateTimeOffset until, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _reader.Costliest(since, until, limit);
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
