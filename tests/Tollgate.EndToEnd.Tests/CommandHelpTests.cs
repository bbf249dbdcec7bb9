using System.Text.RegularExpressions;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary><c>tollgate COMMAND --help</c> reads cleanly: System.CommandLine prints an option's default itself, so a description must not repeat it.</summary>
public sealed partial class CommandHelpTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("simulate")]
    [InlineData("replay")]
    [InlineData("estimate")]
    [InlineData("profile")]
    public async Task Help_states_each_default_once(string command)
    {
        var (exitCode, output) = await TollgateProcess.RunAsync([command, "--help"]);

        Assert.True(exitCode == 0, $"exit code {exitCode}. Output:\n{output}");
        var options = output.Split('\n').Where(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.Contains(options, line => line.Contains("[default: ", StringComparison.Ordinal));
        Assert.All(options, line => Assert.True(Default().Count(line) <= 1, $"'{line.Trim()}' states its default more than once"));
    }

    [GeneratedRegex("default", RegexOptions.IgnoreCase)]
    private static partial Regex Default();
}
