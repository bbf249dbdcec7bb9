using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

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
        var command = new Command("unset", "Remove the settings made at and below PATH through the admin API (DELETE /admin/config/PATH): the configuration file's values apply again. Prints the settings in force at PATH.") { path, gateway, adminKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Delete, Route(parse.GetValue(path)!), parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            Write(answer, "table");
            return exitCode;
        });
        return command;
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
