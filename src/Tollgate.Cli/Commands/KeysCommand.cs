using System.CommandLine;
using Spectre.Console;
using Tollgate.Core.Identity;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate keys create|list|revoke</c>: virtual keys, straight on the data directory's store.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke virtual keys (tg-…).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Command CreateKey()
    {
        var dataDirectory = CommonOptions.DataDirectory();
        var name = new Option<string>("--name") { Description = "Key name (shown in spend reports).", Required = true };
        var user = new Option<string?>("--user") { Description = "User the key's calls are attributed to." };
        var feature = new Option<string?>("--feature") { Description = "Feature the key's calls are attributed to." };
        var team = new Option<string?>("--team") { Description = "Team the key's calls are attributed to." };
        var command = new Command("create", "Create a key; its secret is printed once and never stored.") { dataDirectory, name, user, feature, team };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using (var storage = EmbeddedStorage.OpenKeys(parse.GetValue(dataDirectory)!))
            {
                CreatedVirtualKey created;
                try
                {
                    created = await storage.Keys.CreateAsync(
                        new VirtualKeySpec(parse.GetValue(name)!, parse.GetValue(user), parse.GetValue(feature), parse.GetValue(team)),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException exception)
                {
                    await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                    return 2;
                }

                Console.WriteLine($"Created key {created.Key.Name} ({created.Key.Id}). Its secret, shown only now:");
                Console.WriteLine(created.Secret);
                return 0;
            }
        });
        return command;
    }

    private static Command ListKeys()
    {
        var dataDirectory = CommonOptions.DataDirectory();
        var command = new Command("list", "List keys (secrets are never shown again).") { dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using (var storage = EmbeddedStorage.OpenKeys(parse.GetValue(dataDirectory)!))
            {
                var keys = await storage.Keys.ListAsync(cancellationToken).ConfigureAwait(false);
                if (Console.IsOutputRedirected)
                {
                    // For scripts: one tab-separated line per key, never wrapped.
                    Console.WriteLine("id\tname\tprefix\tuser\tfeature\tteam\tcreated\tstatus");
                    foreach (var key in keys)
                    {
                        Console.WriteLine(string.Join('\t', key.Id, key.Name, key.Prefix, key.User, key.Feature, key.Team, key.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), key.IsActive ? "active" : "revoked"));
                    }

                    return 0;
                }

                var table = new Table().AddColumns("id", "name", "prefix", "user", "feature", "team", "created", "status");
                foreach (var key in keys)
                {
                    table.AddRow(
                        Markup.Escape(key.Id),
                        Markup.Escape(key.Name),
                        Markup.Escape(key.Prefix + "…"),
                        Markup.Escape(key.User ?? ""),
                        Markup.Escape(key.Feature ?? ""),
                        Markup.Escape(key.Team ?? ""),
                        key.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                        key.IsActive ? "active" : "revoked");
                }

                AnsiConsole.Write(table);
                return 0;
            }
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var dataDirectory = CommonOptions.DataDirectory();
        var key = new Argument<string>("key") { Description = "Id or name of the key to revoke." };
        var command = new Command("revoke", "Revoke a key; a running gateway refuses it within seconds.") { dataDirectory, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using (var storage = EmbeddedStorage.OpenKeys(parse.GetValue(dataDirectory)!))
            {
                var idOrName = parse.GetValue(key)!;
                if (!await storage.Keys.RevokeAsync(idOrName, cancellationToken).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"tollgate: no active key '{idOrName}'.").ConfigureAwait(false);
                    return 1;
                }

                Console.WriteLine($"Revoked {idOrName}.");
                return 0;
            }
        });
        return command;
    }
}
