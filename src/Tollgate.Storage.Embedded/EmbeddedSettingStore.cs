using Tollgate.Core.Settings;
using Tollgate.Storage.Embedded.Settings;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// The settings a data directory keeps from the admin API, alone, for tools that change them while no gateway runs
/// (<c>tollgate config unset --data-dir</c>): it opens the database and nothing of the ledger.
/// </summary>
public sealed class EmbeddedSettingStore : IDisposable
{
    private readonly SqliteSettingOverrideStore _settings;

    internal EmbeddedSettingStore(string databasePath, SqliteSettingOverrideStore settings)
    {
        DatabasePath = databasePath;
        _settings = settings;
    }

    /// <summary>The settings made through the admin API.</summary>
    public ISettingOverrideStore Settings => _settings;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public void Dispose() => _settings.Dispose();
}
