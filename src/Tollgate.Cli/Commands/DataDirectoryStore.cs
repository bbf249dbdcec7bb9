using Microsoft.Data.Sqlite;

namespace Tollgate.Cli.Commands;

/// <summary>Opens what a command reads from an existing data directory, turning every failure into one line on standard error.</summary>
internal static class DataDirectoryStore
{
    /// <summary>
    /// <paramref name="open"/> applied to <paramref name="dataDirectory"/>, then a line naming the database on standard
    /// error; null, after one line saying why, when there is no database there or it cannot be opened (exit code 2).
    /// </summary>
    public static async Task<T?> OpenAsync<T>(string dataDirectory, Func<string, T> open, Func<T, string> databasePath)
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
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"tollgate: cannot open the data directory '{dataDirectory}': {exception.Message}").ConfigureAwait(false);
            return null;
        }

        await Console.Error.WriteLineAsync("Using database " + databasePath(store)).ConfigureAwait(false);
        return store;
    }
}
