using Tollgate.Core.Alerts;
using Tollgate.Storage.Embedded.Alerts;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// The alerts of a data directory alone, for tools that list them (<c>tollgate alerts list</c>): it opens the database
/// and nothing of the ledger.
/// </summary>
public sealed class EmbeddedAlertStore : IDisposable
{
    private readonly SqliteAlertStore _alerts;

    internal EmbeddedAlertStore(string databasePath, SqliteAlertStore alerts)
    {
        DatabasePath = databasePath;
        _alerts = alerts;
    }

    /// <summary>The alerts.</summary>
    public IAlertStore Alerts => _alerts;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public void Dispose() => _alerts.Dispose();
}
