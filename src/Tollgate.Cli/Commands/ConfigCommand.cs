using System.CommandLine;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Tollgate.Core.Settings;
using Tollgate.Storage.Embedded;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate config show|set|unset</c>: a running gateway's settings through its admin API (<c>/admin/config</c>):
/// every value in force with its source, and settings made over the configuration file, applied at once and kept
/// across restarts until unset.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Show a running gateway's settings and where each comes from, or set and unset settings over its configuration file.");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Unset());
        return command;
    }

    private static Command Show()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var format = Format();
        var command = new Command("show", "Show every setting in force (GET /admin/config): its value (secrets redacted) and its source: file, environment, command-line or admin.") { format, gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Get, "admin/config", parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            Write(answer, parse.GetValue(format)!);
            return exitCode;
        });
        return command;
    }

    private static Command Set()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var path = Path();
        var value = new Argument<string>("JSON")
        {
            Description = "The value: an object (merged into the setting, member by member), an array (replaces the setting's list), a number, true, false, null (back to the default) or a string; text that is not JSON is taken as a string.",
        };
        var command = new Command("set", "Set a setting over the configuration file (PUT /admin/config/PATH); it applies to the next request and stays until unset. Prints the settings in force at PATH.") { path, value, gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Json(parse.GetValue(value)!) is not { } json)
            {
                await Console.Error.WriteLineAsync("tollgate: the value looks like JSON but is not valid JSON; quote a string as '\"text\"'.").ConfigureAwait(false);
                return 2;
            }

            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Put, Route(parse.GetValue(path)!), json, parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            Write(answer, "table");
            return exitCode;
        });
        return command;
    }

    private static Command Unset()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var path = Path();
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Remove them from this data directory instead, for a gateway that is stopped (one that will not start because a setting made through the admin API no longer fits its file); it reads them at its next start.",
        };
        var command = new Command("unset", "Remove the settings made at and below PATH through the admin API (DELETE /admin/config/PATH): the configuration file's values apply again. Prints the settings in force at PATH.") { path, gateway, adminKey, dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(dataDirectory) is { } directory)
            {
                return await UnsetStoredAsync(directory, parse.GetValue(path)!, cancellationToken).ConfigureAwait(false);
            }

            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Delete, Route(parse.GetValue(path)!), parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            Write(answer, "table");
            return exitCode;
        });
        return command;
    }

    /// <summary><c>unset --data-dir</c>: removes the settings at and below <paramref name="text"/> from a data directory's database.</summary>
    private static async Task<int> UnsetStoredAsync(string dataDirectory, string text, CancellationToken cancellationToken)
    {
        if (SettingPath.Parse(text) is not { } path)
        {
            await Console.Error.WriteLineAsync($"tollgate: '{text}' is not a setting's path; write its segments separated by '/', e.g. Features/summarize/Output/MaxTokensCap.").ConfigureAwait(false);
            return 2;
        }

        EmbeddedSettingStore store;
        try
        {
            store = EmbeddedStorage.OpenSettings(dataDirectory);
        }
        catch (FileNotFoundException exception)
        {
            await Console.Error.WriteLineAsync($"tollgate: there is no Tollgate database at {exception.FileName}. Check --data-dir.").ConfigureAwait(false);
            return 2;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"tollgate: cannot open the data directory '{dataDirectory}': {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        using (store)
        {
            await Console.Error.WriteLineAsync("Using database " + store.DatabasePath).ConfigureAwait(false);
            new SettingOverrides(await store.Settings.ListAsync(cancellationToken).ConfigureAwait(false)).Without(path, out var removed);
            if (removed == 0)
            {
                await Console.Error.WriteLineAsync($"tollgate: nothing at or below '{path}' was set through the admin API.").ConfigureAwait(false);
                return 1;
            }

            await store.Settings.ReplaceAsync(path, [], cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Removed {removed} {(removed == 1 ? "setting" : "settings")} made at and below {path}; the gateway reads the file's values at its next start.");
            return 0;
        }
    }

    private static Argument<string> Path() => new("PATH") { Description = "The setting below the Tollgate section, e.g. Features/summarize/Output/MaxTokensCap (or with ':')." };

    private static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "table for people, json for scripts (the body of GET /admin/config).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static string Route(string path) => "admin/config/" + string.Join('/', path.Split('/', ':').Select(Uri.EscapeDataString));

    /// <summary><paramref name="value"/> as JSON: itself when it is JSON, a JSON string of it when it plainly is not, null when it looks like broken JSON.</summary>
    private static string? Json(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return value;
        }
        catch (JsonException)
        {
            var start = value.TrimStart();
            return start.StartsWith('{') || start.StartsWith('[') || start.StartsWith('"') ? null : "\"" + JsonEncodedText.Encode(value).Value + "\"";
        }
    }

    private static void Write(JsonDocument? answer, string format)
    {
        if (answer is null)
        {
            return;
        }

        using (answer)
        {
            if (format == "json")
            {
                Console.WriteLine(answer.RootElement.GetRawText());
                return;
            }

            var redirected = Console.IsOutputRedirected;
            var table = new Table().AddColumns("setting", "value", "source");
            if (redirected)
            {
                // For scripts: one tab-separated line per setting, never wrapped; new columns go at the end.
                Console.WriteLine("key\tvalue\tsource");
            }

            foreach (var setting in answer.RootElement.EnumerateArray())
            {
                var key = setting.GetProperty("key").GetString()!;
                var value = setting.GetProperty("redacted").GetBoolean() ? "(redacted)" : setting.GetProperty("value").GetString() ?? string.Empty;
                var source = setting.GetProperty("source").GetString()!;
                if (redirected)
                {
                    Console.WriteLine(string.Join('\t', key, value, source));
                }
                else
                {
                    table.AddRow(Markup.Escape(key), Markup.Escape(value), Markup.Escape(source));
                }
            }

            if (!redirected)
            {
                AnsiConsole.Write(table);
            }
        }
    }
}
