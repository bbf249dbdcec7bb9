using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary>Opens what a command reads from an existing data directory, turning every failure into one line on standard error.</summary>
internal static class DataDirectoryStore
{
    /// <summary>
    /// The data directory's ledger, read alone (<see cref="EmbeddedStorage.OpenLedgerReader"/>: safe beside a running
    /// gateway): the one way <c>report</c>, <c>estimate --from-ledger</c> and <c>profile --from-ledger</c> read spend
    /// from disk. As <see cref="OpenAsync{T}"/>.
    /// </summary>
    public static Task<(EmbeddedLedgerReader? Store, bool Missing)> OpenLedgerAsync(string dataDirectory) =>
        OpenAsync(dataDirectory, static directory => EmbeddedStorage.OpenLedgerReader(directory), static reader => reader.DatabasePath);

    /// <summary>
    /// <paramref name="open"/> applied to <paramref name="dataDirectory"/>, then a line naming the database on standard
    /// error; no store, after one line saying why, when there is no database there (<c>Missing</c>) or it cannot be opened.
    /// </summary>
    public static async Task<(T? Store, bool Missing)> OpenAsync<T>(string dataDirectory, Func<string, T> open, Func<T, string> databasePath)
        where T : class
    {
        T store;
        try
        {
            store = open(dataDirectory);
        }
        catch (FileNotFoundException exception)
        {
            await Console.Error.WriteLineAsync($"tollgate: there is no Tollgate database at {exception.FileName}. Check --data-dir (or TOLLGATE_DATA_DIR), or ask a running gateway with --gateway.").ConfigureAwait(false);
            return (null, true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"tollgate: cannot open the data directory '{dataDirectory}': {exception.Message}").ConfigureAwait(false);
            return (null, false);
        }

        await Console.Error.WriteLineAsync("Using database " + databasePath(store)).ConfigureAwait(false);
        return (store, false);
    }
}
