using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;

namespace Tollgate.Cli.Commands;

/// <summary>
/// A spend report of the ledger for <c>estimate --from-ledger</c> and <c>profile --from-ledger</c>: from a running
/// gateway (<c>GET /admin/spend</c>) or from a data directory's ledger, read as <c>report</c> reads it
/// (<see cref="DataDirectoryStore.OpenLedgerAsync"/>). A failure is one line on standard error and its exit code
/// (<see cref="ExitCodes"/>), the report then null.
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

    public static async Task<(int ExitCode, SpendReport? Report)> FromDataDirectoryAsync(string dataDirectory, SpendGrouping grouping, DateTimeOffset from, DateTimeOffset to)
    {
        var (reader, missing) = await DataDirectoryStore.OpenLedgerAsync(dataDirectory).ConfigureAwait(false);
        if (reader is null)
        {
            return (missing ? ExitCodes.MissingFile : ExitCodes.Failed, null);
        }

        using (reader)
        {
            try
            {
                return (ExitCodes.Ok, reader.GetSpend(new SpendQuery(grouping, from, to)));
            }
            catch (SqliteException exception)
            {
                return (await ExitCodes.FailAsync(ExitCodes.Failed, $"cannot read the ledger in '{dataDirectory}': {exception.Message}").ConfigureAwait(false), null);
            }
        }
    }
}
