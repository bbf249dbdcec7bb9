using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary>
/// A spend report of the ledger for <c>estimate --from-ledger</c> and <c>profile --from-ledger</c>: from a running
/// gateway (<c>GET /admin/spend</c>) or straight from a data directory's database. A failure is one line on standard
/// error and its exit code (<see cref="ExitCodes"/>), the report then null.
/// </summary>
internal static class LedgerSpend
{
    public static async Task<(int ExitCode, SpendReport? Report)> FromGatewayAsync(string gateway, string? adminKey, SpendGrouping grouping, DateTimeOffset from, CancellationToken cancellationToken)
    {
        if (GatewayProbe.BaseAddress(gateway) is not { } address)
        {
            return (await ExitCodes.FailAsync(ExitCodes.BadArguments, $"--gateway must be an absolute http(s) URL, e.g. http://127.0.0.1:8080; got '{gateway}'.").ConfigureAwait(false), null);
        }

        using (var http = new HttpClient { BaseAddress = address })
        {
            if (!await GatewayProbe.IsReachableAsync(http, cancellationToken).ConfigureAwait(false))
            {
                return (await ExitCodes.FailAsync(ExitCodes.GatewayUnreachable, $"cannot reach the gateway at {address}.").ConfigureAwait(false), null);
            }
        }

        var path = "admin/spend?group_by=" + SpendGroupings.Name(grouping) + "&since=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture));
        var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Get, path, gateway, adminKey, cancellationToken).ConfigureAwait(false);
        using (answer)
        {
            return answer is null ? (exitCode == 0 ? ExitCodes.Failed : exitCode, null) : (0, answer.RootElement.Deserialize(AdminJsonContext.Default.SpendReport));
        }
    }

    public static async Task<(int ExitCode, SpendReport? Report)> FromDataDirectoryAsync(string dataDirectory, SpendGrouping grouping, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var database = EmbeddedStorage.DatabasePathIn(dataDirectory);
        if (!File.Exists(database))
        {
            return (await ExitCodes.FailAsync(ExitCodes.MissingFile, $"there is no Tollgate database at {database}. Check --data-dir (or TOLLGATE_DATA_DIR), or ask a running gateway with --gateway.").ConfigureAwait(false), null);
        }

        try
        {
            var storage = EmbeddedStorage.Open(dataDirectory);
            await using (storage.ConfigureAwait(false))
            {
                return (0, await storage.Ledger.GetSpendAsync(new SpendQuery(grouping, from, to), cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
        {
            return (await ExitCodes.FailAsync(ExitCodes.Failed, $"cannot read the ledger in '{dataDirectory}': {exception.Message}").ConfigureAwait(false), null);
        }
    }
}
