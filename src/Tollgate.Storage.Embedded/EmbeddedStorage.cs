using Tollgate.Core.Budgets;
using Tollgate.Core.Alerts;
using Tollgate.Core.Caching;
using Tollgate.Core.Feedback;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;
using Tollgate.Core.Settings;
using Tollgate.Core.Tiers;
using Tollgate.Storage.Embedded.Budgets;
using Tollgate.Storage.Embedded.Alerts;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Storage.Embedded.Feedback;
using Tollgate.Storage.Embedded.Identity;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Storage.Embedded.Responses;
using Tollgate.Storage.Embedded.Settings;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Storage.Embedded.Tiers;

namespace Tollgate.Storage.Embedded;

/// <summary>
/// The embedded stores: the ledger, the virtual keys, who owns each stored response and the alerts, in one SQLite database, <c>tollgate.db</c> in a data
/// directory, and the response cache in a file of its own (<c>cache.db</c>), so cache writes never hold up a ledger commit. Several processes may open the same directory at once (the gateway and the <c>tollgate keys</c>
/// command): the database runs in WAL mode, so readers never block the writer, and writers wait for each
/// other up to <see cref="EmbeddedStorageOptions.BusyTimeout"/>.
/// </summary>
public sealed class EmbeddedStorage : IAsyncDisposable
{
    /// <summary>Name of the database file inside the data directory.</summary>
    public const string DatabaseFileName = "tollgate.db";

    private readonly SqliteLedgerStore _ledger;
    private readonly SqliteVirtualKeyStore _keys;
    private readonly SqliteResponseOwnershipStore _responses;
    private readonly SqliteCacheStore _cache;
    private SqliteBudgetStore? _budgets;
    private SqliteBudgetSpendHistory? _budgetHistory;
    private SqliteUserTierStore? _userTiers;
    private readonly SqliteAlertStore _alerts;
    private SqliteSettingOverrideStore? _settings;
    private SqliteFeedbackStore? _feedback;
    private int _disposed;

    private EmbeddedStorage(string databasePath, SqliteLedgerStore ledger, SqliteVirtualKeyStore keys, SqliteResponseOwnershipStore responses, SqliteCacheStore cache, SqliteAlertStore alerts)
    {
        _alerts = alerts;
        DatabasePath = databasePath;
        _ledger = ledger;
        _keys = keys;
        _responses = responses;
        _cache = cache;
    }

    /// <summary>The ledger. Writes are group-committed; a completed write is durable.</summary>
    public ILedgerStore Ledger => _ledger;

    /// <summary>The virtual keys.</summary>
    public IVirtualKeyStore Keys => _keys;

    /// <summary>Who created each stored response, and the background responses whose rows wait for their usage.</summary>
    public IResponseOwnershipStore Responses => _responses;

    /// <summary>The response cache's stored answers (its own file, <see cref="EmbeddedStorageOptions.Cache"/>).</summary>
    public ICacheStore Cache => _cache;

    /// <summary>Budgets made through the admin API, and the top-ups of prepaid credits.</summary>
    public IBudgetStore Budgets => _budgets!;

    /// <summary>The budget spend the ledger records, from which budget counters start.</summary>
    public IBudgetSpendHistory BudgetHistory => _budgetHistory!;

    /// <summary>The calls of each feature the ledger records, from which unit budget counters start.</summary>
    public IUnitSpendHistory UnitHistory => _budgetHistory!;
    /// <summary>The tiers given to end users through the admin API.</summary>
    public IUserTierStore UserTiers => _userTiers!;

    /// <summary>The alerts raised and their deliveries to the webhooks.</summary>
    public IAlertStore Alerts => _alerts;

    /// <summary>The settings made through the admin API over the configuration file.</summary>
    public ISettingOverrideStore Settings => _settings!;

    /// <summary>The applications' feedback on outputs, beside the ledger the spend report joins it to.</summary>
    public IFeedbackStore Feedback => _feedback!;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating when missing) the directory and its database, and brings the schema up to date.
    /// </summary>
    /// <param name="dataDirectory">Directory holding <c>tollgate.db</c>; created when missing.</param>
    /// <param name="options">Durability, lock waiting and batching settings; defaults when null.</param>
    /// <param name="time">Clock for key creation and revocation times; the system clock when null.</param>
    /// <exception cref="ArgumentException">The directory is empty or the options are out of range.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer Tollgate.</exception>
    public static EmbeddedStorage Open(string dataDirectory, EmbeddedStorageOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        options ??= new EmbeddedStorageOptions();
        options.Validate();

        var directory = Path.GetFullPath(dataDirectory);
        OwnerOnlyFiles.CreateDirectory(directory);
        var databasePath = Path.Combine(directory, DatabaseFileName);
        OwnerOnlyFiles.CreateFile(databasePath);

        var database = SqliteDatabase.Open(databasePath, options);
        var ledger = new SqliteLedgerStore(database);
        var keys = new SqliteVirtualKeyStore(database, time ?? TimeProvider.System);
        var responses = new SqliteResponseOwnershipStore(database);
        var alerts = new SqliteAlertStore(database, time);
        SqliteCacheStore cache;
        try
        {
            cache = SqliteCacheStore.Open(directory, options.Cache, time);
        }
        catch
        {
            ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
            keys.Dispose();
            responses.Dispose();
            alerts.Dispose();
            throw;
        }

        return new EmbeddedStorage(databasePath, ledger, keys, responses, cache, alerts)
        {
            _budgets = new SqliteBudgetStore(database, time ?? TimeProvider.System),
            _budgetHistory = new SqliteBudgetSpendHistory(database),
            _settings = new SqliteSettingOverrideStore(database, time ?? TimeProvider.System),
            _userTiers = new SqliteUserTierStore(database, time ?? TimeProvider.System),
            _feedback = new SqliteFeedbackStore(database, time ?? TimeProvider.System),
        };
    }

    /// <summary>
    /// Opens the directory's database for key management only: the ledger is not opened, so nothing of it runs.
    /// </summary>
    /// <param name="dataDirectory">Directory holding <c>tollgate.db</c>.</param>
    /// <param name="options">Lock waiting settings; defaults when null.</param>
    /// <param name="time">Clock for key creation and revocation times; the system clock when null.</param>
    /// <param name="create">
    /// Whether to create the directory and the database when missing. Without it, a directory with no database is
    /// refused: a mistyped directory must not become a new, empty key store that no gateway reads.
    /// </param>
    /// <exception cref="ArgumentException">The directory is empty or the options are out of range.</exception>
    /// <exception cref="FileNotFoundException">There is no database and <paramref name="create"/> is false; its path is the exception's file name.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer Tollgate.</exception>
    public static EmbeddedKeyStore OpenKeys(string dataDirectory, EmbeddedStorageOptions? options = null, TimeProvider? time = null, bool create = true)
    {
        var database = OpenDatabaseAlone(dataDirectory, options, create);
        return new EmbeddedKeyStore(database.Path, new SqliteVirtualKeyStore(database, time ?? TimeProvider.System), new SqliteBudgetStore(database, time ?? TimeProvider.System));
    }

    /// <summary>
    /// Opens an existing directory's database for its alerts only (<c>tollgate alerts list</c>): the ledger is not opened.
    /// </summary>
    /// <param name="dataDirectory">Directory holding <c>tollgate.db</c>.</param>
    /// <param name="options">Lock waiting settings; defaults when null.</param>
    /// <exception cref="ArgumentException">The directory is empty or the options are out of range.</exception>
    /// <exception cref="FileNotFoundException">There is no database; its path is the exception's file name.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer Tollgate.</exception>
    public static EmbeddedAlertStore OpenAlerts(string dataDirectory, EmbeddedStorageOptions? options = null)
    {
        var database = OpenDatabaseAlone(dataDirectory, options, create: false);
        return new EmbeddedAlertStore(database.Path, new SqliteAlertStore(database));
    }

    /// <summary>
    /// Opens an existing directory's database for the settings made through the admin API only (<c>tollgate config unset
    /// --data-dir</c>): the ledger is not opened.
    /// </summary>
    /// <param name="dataDirectory">Directory holding <c>tollgate.db</c>.</param>
    /// <param name="options">Lock waiting settings; defaults when null.</param>
    /// <exception cref="ArgumentException">The directory is empty or the options are out of range.</exception>
    /// <exception cref="FileNotFoundException">There is no database; its path is the exception's file name.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer Tollgate.</exception>
    public static EmbeddedSettingStore OpenSettings(string dataDirectory, EmbeddedStorageOptions? options = null)
    {
        var database = OpenDatabaseAlone(dataDirectory, options, create: false);
        return new EmbeddedSettingStore(database.Path, new SqliteSettingOverrideStore(database, TimeProvider.System));
    }

    /// <summary>
    /// Opens an existing directory's ledger for its reports only (<c>tollgate report --data-dir</c>): settled rows are
    /// read through their own connections, nothing is written, and the intent journal of a running gateway is left alone.
    /// </summary>
    /// <param name="dataDirectory">Directory holding <c>tollgate.db</c>.</param>
    /// <param name="options">Lock waiting settings; defaults when null.</param>
    /// <exception cref="ArgumentException">The directory is empty or the options are out of range.</exception>
    /// <exception cref="FileNotFoundException">There is no database; its path is the exception's file name.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer Tollgate.</exception>
    public static EmbeddedLedgerReader OpenLedgerReader(string dataDirectory, EmbeddedStorageOptions? options = null)
    {
        var database = OpenDatabaseAlone(dataDirectory, options, create: false);
        return new EmbeddedLedgerReader(database.Path, new LedgerReader(new SqliteReadPool(database), journal: null));
    }

    private static SqliteDatabase OpenDatabaseAlone(string dataDirectory, EmbeddedStorageOptions? options, bool create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        options ??= new EmbeddedStorageOptions();
        options.Validate();
        var databasePath = DatabasePathIn(dataDirectory);
        if (!create && !File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no Tollgate database at {databasePath}.", databasePath);
        }

        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        OwnerOnlyFiles.CreateFile(databasePath);
        return SqliteDatabase.Open(databasePath, options);
    }

    /// <summary>The full path of the database a data directory holds (or would hold).</summary>
    public static string DatabasePathIn(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName);
    }

    /// <summary>Commits every queued ledger write, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _ledger.DisposeAsync().ConfigureAwait(false);
        _keys.Dispose();
        _responses.Dispose();
        _cache.Dispose();
        _budgets?.Dispose();
        _budgetHistory?.Dispose();
        _userTiers?.Dispose();
        _alerts.Dispose();
        _settings?.Dispose();
        _feedback?.Dispose();
    }
}
