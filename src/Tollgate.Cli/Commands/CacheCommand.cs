using System.CommandLine;
using System.Globalization;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate cache purge|stats</c>: the running gateway's response cache, through its admin API
/// (<c>DELETE</c> and <c>GET /admin/cache</c>), so that the gateway's own memory is emptied with its file. Every failure
/// (a refused admin key, a parameter the gateway refuses, a gateway that cannot be reached) is one line on standard
/// error and a non-zero exit: 2 for what the user typed, 1 for the rest.
/// </summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "Purge the response cache of a running gateway, or show what it holds.");
        command.Subcommands.Add(Purge());
        command.Subcommands.Add(Stats());
        return command;
    }

    private static Command Purge()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var feature = new Option<string?>("--feature") { Description = "Only entries stored for this feature." };
        var model = new Option<string?>("--model") { Description = "Only entries of this model, as the provider named it (e.g. gpt-4o-mini-2024-07-18)." };
        var olderThan = new Option<string?>("--older-than") { Description = "Only entries created longer ago than this: 90s (or 90), 30m, 12h or 7d." };
        var command = new Command(
            "purge",
            "Remove cached answers from a running gateway (DELETE /admin/cache): those matching every filter given, or all of them when none is. " +
            "The gateway empties its memory of them too; another gateway process sharing the data directory may serve what it holds in memory until that expires or is evicted.")
        {
            feature, model, olderThan, gateway, adminKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<string>(3);
            AdminApi.AddQuery(query, "feature", parse.GetValue(feature));
            AdminApi.AddQuery(query, "model", parse.GetValue(model));
            AdminApi.AddQuery(query, "older_than", parse.GetValue(olderThan));
            var path = query.Count == 0 ? "admin/cache" : "admin/cache?" + string.Join('&', query);
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Delete, path, parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (answer is { } document)
            {
                using (document)
                {
                    var purged = document.RootElement.GetProperty("purged").GetInt64();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Purged {purged} {(purged == 1 ? "entry" : "entries")}."));
                }
            }

            return exitCode;
        });
        return command;
    }

    private static Command Stats()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var command = new Command("stats", "Show how many answers a running gateway's cache holds and their size (GET /admin/cache).") { gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Get, "admin/cache", parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (answer is { } document)
            {
                using (document)
                {
                    var root = document.RootElement;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{root.GetProperty("entries").GetInt64()} entries, {root.GetProperty("bytes").GetInt64()} bytes of answers, {(root.GetProperty("encrypted").GetBoolean() ? "encrypted" : "not encrypted")}."));
                }
            }

            return exitCode;
        });
        return command;
    }
}
