using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Json;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate report</c>: the spend table of a period grouped as asked, what each lever saved, and the costliest
/// requests, from a running gateway's admin API (<c>--gateway</c>) or straight from a data directory's ledger. Exit
/// codes: 0 done, 1 the gateway could not be reached or failed, 2 what was typed is wrong (an option, a missing data
/// directory); every failure is one line on standard error.
/// </summary>
internal static class ReportCommand
{
    /// <summary>How far back the period starts when <c>--since</c> is not given.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public static Command Create()
    {
        var by = new Option<string>("--by") { Description = $"Group the spend table by {string.Join(", ", SpendGroupings.Accepted)} (e.g. tag:project).", DefaultValueFactory = _ => "feature" };
        var since = new Option<string?>("--since") { Description = $"Start of the period: {AlertSince.Expected}; 30 days ago when not given." };
        var until = new Option<string?>("--until") { Description = $"End of the period (not included): {AlertSince.Expected}; now when not given." };
        var top = new Option<int>("--top") { Description = $"How many of the costliest requests to list (1 to {AdminRoutes.MaxOutliers}).", DefaultValueFactory = _ => AdminRoutes.DefaultOutliers };
        var format = new Option<string>("--format") { Description = "table for people, json or csv for scripts.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var gateway = new Option<string?>("--gateway") { Description = "Ask this running gateway (its admin API) instead of reading the data directory." };
        var adminKey = AdminApi.AdminKey();
        var dataDirectory = CommonOptions.DataDirectory();
        var command = new Command("report", "Where the money goes: spend by feature, model, user, team, key, lever or tag, savings by lever, and the costliest requests.")
        {
            by, since, until, top, format, gateway, adminKey, dataDirectory,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var groupBy = parse.GetValue(by)!;
            if (!SpendGroupings.TryParse(groupBy, out var grouping, out var tagKey))
            {
                return await UsageAsync($"--by must be one of: {string.Join(", ", SpendGroupings.Accepted)} (e.g. tag:project); got '{groupBy}'.").ConfigureAwait(false);
            }

            var now = DateTimeOffset.UtcNow;
            if (!TryReadTime(parse.GetValue(until), now, out var to))
            {
                return await UsageAsync($"--until must be {AlertSince.Expected}; got '{parse.GetValue(until)}'.").ConfigureAwait(false);
            }

            if (!TryReadTime(parse.GetValue(since), now, out var from))
            {
                return await UsageAsync($"--since must be {AlertSince.Expected}; got '{parse.GetValue(since)}'.").ConfigureAwait(false);
            }

            var period = (Since: from ?? (to ?? now) - DefaultPeriod, Until: to ?? now);
            if (period.Since >= period.Until)
            {
                return await UsageAsync("--since must be earlier than --until (or than now).").ConfigureAwait(false);
            }

            var limit = parse.GetValue(top);
            if (limit is < 1 or > AdminRoutes.MaxOutliers)
            {
                return await UsageAsync($"--top must be from 1 to {AdminRoutes.MaxOutliers}.").ConfigureAwait(false);
            }

            var (exitCode, report) = parse.GetValue(gateway) is { } address
                ? await FromGatewayAsync(address, parse.GetValue(adminKey), groupBy, period.Since, period.Until, limit, cancellationToken).ConfigureAwait(false)
                : await FromDataDirectoryAsync(parse.GetValue(dataDirectory)!, grouping, tagKey, period.Since, period.Until, limit).ConfigureAwait(false);
            if (report is null)
            {
                return exitCode;
            }

            ReportWriter.Write(report, parse.GetValue(format)!);
            return 0;
        });
        return command;
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync("tollgate: " + message).ConfigureAwait(false);
        return 2;
    }

    private static bool TryReadTime(string? text, DateTimeOffset now, out DateTimeOffset? instant)
    {
        instant = null;
        if (text is null)
        {
            return true;
        }

        if (!AlertSince.TryParse(text, now, out var parsed))
        {
            return false;
        }

        instant = parsed;
        return true;
    }

    private static async Task<(int ExitCode, ReportDocument? Report)> FromGatewayAsync(string gateway, string? adminKey, string groupBy, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        var period = $"since={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}&until={Uri.EscapeDataString(until.ToString("O", CultureInfo.InvariantCulture))}";
        var (exitCode, spendAnswer) = await AdminApi.SendAsync(HttpMethod.Get, $"admin/spend?group_by={Uri.EscapeDataString(groupBy)}&{period}", gateway, adminKey, cancellationToken).ConfigureAwait(false);
        if (spendAnswer is null)
        {
            return (exitCode, null);
        }

        using (spendAnswer)
        {
            var (leverExit, leverAnswer) = await AdminApi.SendAsync(HttpMethod.Get, $"admin/spend?group_by=lever&{period}", gateway, adminKey, cancellationToken).ConfigureAwait(false);
            if (leverAnswer is null)
            {
                return (leverExit, null);
            }

            using (leverAnswer)
            {
                var (outlierExit, outlierAnswer) = await AdminApi.SendAsync(HttpMethod.Get, $"admin/outliers?{period}&limit={limit.ToString(CultureInfo.InvariantCulture)}", gateway, adminKey, cancellationToken).ConfigureAwait(false);
                if (outlierAnswer is null)
                {
                    return (outlierExit, null);
                }

                using (outlierAnswer)
                {
                    var spend = spendAnswer.Deserialize(AdminJsonContext.Default.SpendReport);
                    var levers = leverAnswer.Deserialize(AdminJsonContext.Default.SpendReport);
                    var outliers = outlierAnswer.Deserialize(AdminJsonContext.Default.OutliersResponse);
                    if (spend is null || levers is null || outliers is null)
                    {
                        await Console.Error.WriteLineAsync($"tollgate: {gateway} answered with a body that is not Tollgate's; is it a Tollgate gateway?").ConfigureAwait(false);
                        return (1, null);
                    }

                    return (0, new ReportDocument(since, until, spend.GroupBy, spend, levers, outliers.Data));
                }
            }
        }
    }

    private static async Task<(int ExitCode, ReportDocument? Report)> FromDataDirectoryAsync(string dataDirectory, SpendGrouping grouping, string? tagKey, DateTimeOffset since, DateTimeOffset until, int limit)
    {
        if ((await DataDirectoryStore.OpenLedgerAsync(dataDirectory).ConfigureAwait(false)).Store is not { } reader)
        {
            return (2, null);
        }

        using (reader)
        {
            var spend = reader.GetSpend(tagKey is null ? new SpendQuery(grouping, since, until) : SpendQuery.ByTag(tagKey, since, until));
            var levers = reader.GetSpend(new SpendQuery(SpendGrouping.Lever, since, until));
            var outliers = reader.GetCostliest(since, until, limit).Select(OutlierResponse.From).ToArray();
            return (0, new ReportDocument(since, until, spend.GroupBy, spend, levers, outliers));
        }
    }
}
