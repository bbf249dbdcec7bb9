using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate prompts lint [--feature X]</c>: the prefix-stability findings of a running gateway (<c>GET /admin/findings</c>),
/// one paragraph each. Exits 0 when there is none, <see cref="FindingsExitCode"/> when there is one, and as the other
/// admin commands do when the gateway cannot be asked (2 for what the user typed, 1 for the rest).
/// </summary>
internal static class PromptsCommand
{
    /// <summary>The exit code when the gateway reports a finding, apart from the codes of a failed request.</summary>
    public const int FindingsExitCode = 3;

    public static Command Create()
    {
        var command = new Command("prompts", "Check the prompts a running gateway relays.");
        command.Subcommands.Add(Lint());
        return command;
    }

    private static Command Lint()
    {
        var (gateway, adminKey) = AdminApi.GatewayConnection();
        var feature = new Option<string?>("--feature") { Description = "Only this feature's findings (default: every feature's)." };
        var command = new Command(
            "lint",
            "Show where a feature's consecutive prompts diverge early (a timestamp, an id or a greeting in the system prompt), so provider prompt caching cannot work " +
            $"(GET /admin/findings). Exits {FindingsExitCode} when there is a finding.")
        {
            feature, gateway, adminKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<string>(1);
            AdminApi.AddQuery(query, "feature", parse.GetValue(feature));
            var path = query.Count == 0 ? "admin/findings" : "admin/findings?" + query[0];
            var (exitCode, answer) = await AdminApi.SendAsync(HttpMethod.Get, path, parse.GetValue(gateway)!, parse.GetValue(adminKey), cancellationToken).ConfigureAwait(false);
            if (answer is not { } document)
            {
                return exitCode;
            }

            using (document)
            {
                var findings = document.RootElement.GetProperty("data");
                if (findings.GetArrayLength() == 0)
                {
                    Console.WriteLine(parse.GetValue(feature) is { } name ? $"No findings for feature '{name}'." : "No findings.");
                    return 0;
                }

                foreach (var finding in findings.EnumerateArray())
                {
                    Print(finding);
                }

                return FindingsExitCode;
            }
        });
        return command;
    }

    private static void Print(JsonElement finding)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{finding.GetProperty("feature").GetString()}: {finding.GetProperty("kind").GetString()} at byte {finding.GetProperty("offset").GetInt32()}, in the {(finding.GetProperty("section").GetString() == "tools" ? "tool definitions" : "system prompt")} " +
            $"({finding.GetProperty("divergences").GetInt64()} of {finding.GetProperty("comparisons").GetInt64()} consecutive requests diverged; model {finding.GetProperty("model").GetString() ?? "unknown"})"));
        Console.WriteLine("  previous: " + finding.GetProperty("previous").GetString());
        Console.WriteLine("  current:  " + finding.GetProperty("current").GetString());
        Console.WriteLine("  " + finding.GetProperty("message").GetString());
    }
}
