using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Storage.Embedded.Budgets;
using Tollgate.Storage.Embedded.Identity;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// The virtual keys of a data directory alone, for tools that manage keys (<c>tollgate keys</c>): it opens the
/// database and nothing of the ledger (no writer thread, no checkpointer, no intent journal).
/// </summary>
public sealed class EmbeddedKeyStore : IDisposable
{
    private readonly SqliteVirtualKeyStore _keys;
    private readonly SqliteBudgetStore _budgets;

    internal EmbeddedKeyStore(string databasePath, SqliteVirtualKeyStore keys, SqliteBudgetStore budgets)
    {
        DatabasePath = databasePath;
        _keys = keys;
        _budgets = budgets;
    }

    /// <summary>The virtual keys.</summary>
    public IVirtualKeyStore Keys => _keys;

    /// <summary>The stored budgets (a key's own budget among them).</summary>
    public IBudgetStore Budgets => _budgets;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        _keys.Dispose();
        _budgets.Dispose();
    }
}
