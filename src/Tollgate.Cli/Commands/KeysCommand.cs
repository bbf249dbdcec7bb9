using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Tollgate.Core.Budgets;
using Tollgate.Core.Identity;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate keys create|list|revoke</c>: virtual keys, straight on the data directory's store. Each command says on
/// standard error which database it used (standard output stays for what scripts read), and refuses a directory with
/// no database unless <c>keys create --init</c> asks for a new one: a mistyped <c>--data-dir</c> must not become a key
/// store no gateway reads.
/// </summary>
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
        var init = new Option<bool>("--init") { Description = "Create the data directory's database when it has none yet (a new install)." };
        var name = new Option<string>("--name") { Description = "Key name (shown in spend reports).", Required = true };
        var user = new Option<string?>("--user") { Description = "User every call of the key is charged to." };
        var feature = new Option<string?>("--feature") { Description = "Feature every call of the key is charged to." };
        var team = new Option<string?>("--team") { Description = "Team every call of the key is charged to." };
        var allowHeader = new Option<string[]>("--allow-header")
        {
            Description = "Let the key's callers name this field themselves: user (x-tollgate-user, else the body's user), feature (x-tollgate-feature) or team (x-tollgate-team). Repeat for several. A field not allowed is the key's own; its header is ignored.",
        };
        allowHeader.AcceptOnlyFromAmong([.. AttributionFieldNames.All]);
        var tag = new Option<string[]>("--tag")
        {
            Description = "A tag every call of the key carries, as key=value (e.g. project=atlas). Repeat for several. Callers may add tags in x-tollgate-tags, not change these.",
        };
        var budgetUsd = new Option<decimal?>("--budget-usd") { Description = "Give the key a budget of its own: at most this many US dollars per --period (402 past it)." };
        var period = new Option<string?>("--period") { Description = "The period of the key's budget: request, hour, day, week, month (the default) or none (a prepaid credit)." };
        period.AcceptOnlyFromAmong("request", "hour", "day", "week", "month", "none");
        var tier = new Option<string?>("--tier") { Description = "The tier the key belongs to (a name of Tollgate:Tiers): its budgets and rate limits apply to the key, which has an allowance of its own in each." };
        var command = new Command("create", "Create a key; its secret is printed once and never stored.") { dataDirectory, init, name, user, feature, team, allowHeader, tag, budgetUsd, period, tier };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var storage = Open(parse.GetValue(dataDirectory)!, create: parse.GetValue(init));
            if (storage is null)
            {
                return 2;
            }

            BudgetDefinition? budget = null;
            if (parse.GetValue(budgetUsd) is { } limit)
            {
                budget = KeyBudget.Define(parse.GetValue(name)!.Trim(), new BudgetDocument { LimitUsd = limit, Period = parse.GetValue(period) }, out var problems);
                if (budget is null)
                {
                    await Console.Error.WriteLineAsync($"tollgate: the key's budget is not valid: {string.Join("; ", problems)}.").ConfigureAwait(false);
                    return 2;
                }
            }
            else if (parse.GetValue(period) is not null)
            {
                await Console.Error.WriteLineAsync("tollgate: --period sets the period of a key's budget; give the budget with --budget-usd.").ConfigureAwait(false);
                return 2;
            }

            var firstKey = !await storage.Keys.KeysInUseAsync(cancellationToken).ConfigureAwait(false);
            CreatedVirtualKey created;
            try
            {
                var spec = new VirtualKeySpec(parse.GetValue(name)!, parse.GetValue(user), parse.GetValue(feature), parse.GetValue(team), AttributionFieldNames.Parse(parse.GetValue(allowHeader)))
                {
                    Tags = RequestTags.Create(TagPairs(parse.GetValue(tag)), "--tag"),
                    Tier = parse.GetValue(tier)?.Trim(),
                };
                created = await storage.Keys.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
            }
            catch (VirtualKeyNameTakenException exception)
            {
                await Console.Error.WriteLineAsync("tollgate: " + exception.Message).ConfigureAwait(false);
                return 1;
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync("tollgate: " + WithoutParameter(exception)).ConfigureAwait(false);
                return 2;
            }

            if (budget is not null)
            {
                await storage.Budgets.PutAsync(budget, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"Budget {budget.Id}: {budget.LimitUsd} USD per {budget.Period.Name}.").ConfigureAwait(false);
            }

            if (created.Key.Tier is { } keyTier)
            {
                // The data directory alone does not say which tiers a gateway configures: name the requirement.
                await Console.Error.WriteLineAsync($"Tier {keyTier}: applies where Tollgate:Tiers of the gateway defines it; a gateway that does not treats the key as of no tier.").ConfigureAwait(false);
            }

            Console.WriteLine($"Created key {created.Key.Name} ({created.Key.Id}). Its secret, shown only now:");
            Console.WriteLine(created.Secret);
            if (firstKey)
            {
                await Console.Error.WriteLineAsync(
                    "This is the first key: a gateway on this database requires a key from every caller from now on (within 5 seconds), " +
                    "also after keys are revoked, unless Tollgate:Auth:UnauthenticatedLoopback is Always.").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var dataDirectory = CommonOptions.DataDirectory();
        var command = new Command("list", "List keys (secrets are never shown again).") { dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var storage = Open(parse.GetValue(dataDirectory)!, create: false);
            if (storage is null)
            {
                return 2;
            }

            var keys = await storage.Keys.ListAsync(cancellationToken).ConfigureAwait(false);
            if (Console.IsOutputRedirected)
            {
                // For scripts: one tab-separated line per key, never wrapped; new columns go at the end.
                Console.WriteLine("id\tname\tprefix\tuser\tfeature\tteam\tcreated\tstatus\topen\ttags\ttier");
                foreach (var key in keys)
                {
                    Console.WriteLine(string.Join('\t', key.Id, key.Name, key.Prefix, key.User, key.Feature, key.Team, key.CreatedAt.ToString("O", CultureInfo.InvariantCulture), key.IsActive ? "active" : "revoked", OpenFields(key), key.Tags, key.Tier));
                }

                return 0;
            }

            var table = new Table().AddColumns("id", "name", "prefix", "user", "feature", "team", "open to headers", "tags", "created", "status");
            foreach (var key in keys)
            {
                table.AddRow(
                    Markup.Escape(key.Id),
                    Markup.Escape(key.Name),
                    Markup.Escape(key.Prefix + "…"),
                    Markup.Escape(key.User ?? ""),
                    Markup.Escape(key.Feature ?? ""),
                    Markup.Escape(key.Team ?? ""),
                    OpenFields(key),
                    Markup.Escape(key.Tags.ToString()),
                    key.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    key.IsActive ? "active" : "revoked");
            }

            AnsiConsole.Write(table);
            return 0;
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
            using var storage = Open(parse.GetValue(dataDirectory)!, create: false);
            if (storage is null)
            {
                return 2;
            }

            var idOrName = parse.GetValue(key)!;
            if (!await storage.Keys.RevokeAsync(idOrName, cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"tollgate: no active key '{idOrName}'.").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine($"Revoked {idOrName}.");
            if (!await storage.Keys.AnyActiveAsync(cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync(
                    "That was the last active key. Keys stay required: a gateway on this database refuses every call until a key is created " +
                    "(unless Tollgate:Auth:UnauthenticatedLoopback is Always).").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Opens the key store and says which database it is, or prints why not and returns null.</summary>
    private static EmbeddedKeyStore? Open(string dataDirectory, bool create)
    {
        string path;
        try
        {
            path = EmbeddedStorage.DatabasePathIn(dataDirectory);
        }
        catch (ArgumentException)
        {
            Console.Error.WriteLine("tollgate: --data-dir must name a directory.");
            return null;
        }

        var existed = File.Exists(path);
        try
        {
            var store = EmbeddedStorage.OpenKeys(dataDirectory, create: create);
            Console.Error.WriteLine((existed ? "Using database " : "Created database ") + store.DatabasePath);
            return store;
        }
        catch (FileNotFoundException)
        {
            Console.Error.WriteLine(
                $"tollgate: there is no Tollgate database at {path}. Check --data-dir (or TOLLGATE_DATA_DIR); " +
                "to start a new one, run 'tollgate keys create --init …' or 'tollgate serve' with that directory.");
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
        {
            // The storage names the database in most of its messages already; name it once.
            Console.Error.WriteLine(exception.Message.Contains(path, StringComparison.Ordinal)
                ? $"tollgate: cannot open {exception.Message}"
                : $"tollgate: cannot open {path}: {exception.Message}");
            return null;
        }
    }

    /// <summary>The message alone: a user typed no parameter called <c>spec</c>.</summary>
    private static string WithoutParameter(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);

    /// <summary>The <c>--tag key=value</c> options as pairs; one without <c>=</c> is refused like any broken tag.</summary>
    private static IEnumerable<KeyValuePair<string, string>> TagPairs(string[]? tags)
    {
        foreach (var tag in tags ?? [])
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0
                ? throw new ArgumentException($"--tag takes key=value (e.g. project=atlas), not '{tag}'.")
                : new KeyValuePair<string, string>(tag[..equals], tag[(equals + 1)..]);
        }
    }

    private static string OpenFields(VirtualKey key) => string.Join(',', AttributionFieldNames.Format(key.OpenAttribution));
}
