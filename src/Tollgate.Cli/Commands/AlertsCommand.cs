using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Tollgate.Core.Alerts;
using Tollgate.Gateway.Alerts;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate alerts list</c>: the alerts raised and how their webhook deliveries ended, newest first, from a running
/// gateway's admin API (<c>--gateway</c>, <c>GET /admin/alerts</c>) or straight from a data directory's database.
/// </summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var command = new Command("alerts", "List the alerts raised (budget thresholds and the like) and their webhook deliveries.");
        command.Subcommands.Add(List());
        return command;
    }

    private static Command List()
    {
        var since = new Option<string?>("--since") { Description = $"Only alerts raised since then: {AlertSince.Expected}." };
        var kind = new Option<string?>("--kind") { Description = "Only alerts of this kind, e.g. budget_threshold." };
        var limit = new Option<int>("--limit") { Description = $"At most this many, the newest (1 to {AlertQuery.MaxLimit}).", DefaultValueFactory = _ => AlertQuery.DefaultLimit };
        var format = new Option<string>("--format") { Description = "table for people, json for scripts (the body of GET /admin/alerts).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var gateway = new Option<string?>("--gateway") { Description = "Ask this running gateway (its admin API) instead of reading the data directory." };
        var adminKey = AdminApi.AdminKey();
        var dataDirectory = CommonOptions.DataDirectory();
        var command = new Command("list", "List alerts, newest first, with the state of each webhook delivery.") { since, kind, limit, format, gateway, adminKey, dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count is < 1 or > AlertQuery.MaxLimit)
            {
                await Console.Error.WriteLineAsync($"tollgate: --limit must be from 1 to {AlertQuery.MaxLimit}.").ConfigureAwait(false);
                return 2;
            }

            var (exitCode, alerts) = parse.GetValue(gateway) is { } address
                ? await FromGatewayAsync(address, parse.GetValue(adminKey), parse.GetValue(since), parse.GetValue(kind), count, cancellationToken).ConfigureAwait(false)
                : await FromDataDirectoryAsync(parse.GetValue(dataDirectory)!, parse.GetValue(since), parse.GetValue(kind), count, cancellationToken).ConfigureAwait(false);
            if (alerts is null)
            {
                return exitCode;
            }

            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(new AlertListResponse(alerts), AlertJsonContext.Default.AlertListResponse));
            }
            else
            {
                WriteTable(alerts);
            }

            return 0;
        });
        return command;
    }

    private static async Task<(int ExitCode, IReadOnlyList<AlertResponse>? Alerts)> FromGatewayAsync(string gateway, string? adminKey, string? since, string? kind, int limit, CancellationToken cancellationToken)
    {
        var query = new List<string>(3);
        AdminApi.AddQuery(query, "since", since);
        AdminApi.AddQuery(query, "kind", kind);
        AdminApi.AddQuery(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Get, "admin/alerts?" + string.Join('&', query), gateway, adminKey, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return (exitCode, null);
        }

        using (answer)
        {
            return (0, answer.Deserialize(AlertJsonContext.Default.AlertListResponse)?.Alerts ?? []);
        }
    }

    private static async Task<(int ExitCode, IReadOnlyList<AlertResponse>? Alerts)> FromDataDirectoryAsync(string dataDirectory, string? sinceText, string? kind, int limit, CancellationToken cancellationToken)
    {
        DateTimeOffset? since = null;
        if (sinceText is not null)
        {
            if (!AlertSince.TryParse(sinceText, DateTimeOffset.UtcNow, out var parsed))
            {
                await Console.Error.WriteLineAsync($"tollgate: --since must be {AlertSince.Expected}; got '{sinceText}'.").ConfigureAwait(false);
                return (2, null);
            }

            since = parsed;
        }

        if ((await DataDirectoryStore.OpenAsync(dataDirectory, static directory => EmbeddedStorage.OpenAlerts(directory), static alerts => alerts.DatabasePath).ConfigureAwait(false)).Store is not { } store)
        {
            return (2, null);
        }

        using (store)
        {
            var stored = await store.Alerts.ListAsync(new AlertQuery(since, kind, limit), cancellationToken).ConfigureAwait(false);
            return (0, stored.Select(alert => AlertResponse.From(alert.Alert, alert.Deliveries)).ToArray());
        }
    }

    private static void WriteTable(IReadOnlyList<AlertResponse> alerts)
    {
        if (Console.IsOutputRedirected)
        {
            // For scripts: one tab-separated line per alert, never wrapped; new columns go at the end.
            Console.WriteLine("id\tcreated\tkind\tseverity\tsubject\tdeliveries\tmessage");
            foreach (var alert in alerts)
            {
                Console.WriteLine(string.Join('\t', alert.Id, alert.CreatedAt.ToString("O", CultureInfo.InvariantCulture), alert.Kind, alert.Severity, Subject(alert), Deliveries(alert), alert.Message));
            }

            return;
        }

        var table = new Table().AddColumns("raised (UTC)", "kind", "severity", "subject", "deliveries", "message");
        foreach (var alert in alerts)
        {
            table.AddRow(
                alert.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(alert.Kind),
                Markup.Escape(alert.Severity),
                Markup.Escape(Subject(alert)),
                Markup.Escape(Deliveries(alert)),
                Markup.Escape(alert.Message));
        }

        AnsiConsole.Write(table);
    }

    private static string Subject(AlertResponse alert) =>
        alert.Subject is { } subject ? string.Join(' ', new[] { subject.Name ?? subject.Id, subject.Scope }.Where(part => part is not null)) : string.Empty;

    /// <summary>Each webhook's state and attempts, e.g. <c>ops: delivered (1), pager: failed (6, HTTP 503)</c>.</summary>
    private static string Deliveries(AlertResponse alert)
    {
        var text = new StringBuilder();
        foreach (var delivery in alert.Deliveries ?? [])
        {
            text.Append(text.Length == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"{delivery.Webhook}: {delivery.State} ({delivery.Attempts}")
                .Append(delivery.LastError is { } error ? ", " + error : string.Empty)
                .Append(')');
        }

        return text.ToString();
    }
}
