using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate keys</c> on its own: it works on the database it says it used (on standard error, so scripts reading
/// standard output get only the data), and a directory without a database is refused rather than made into a new,
/// empty key store that no gateway reads.
/// </summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    private string DataDirectory => Path.Combine(_root.Path, "data");

    private string Database => Path.Combine(DataDirectory, "tollgate.db");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_mistyped_data_directory_is_refused_by_every_keys_command_and_nothing_is_created()
    {
        var typo = Path.Combine(_root.Path, "dta");

        var create = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", typo, "--name", "svc"]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", typo]);
        var revoke = await TollgateProcess.RunSeparatedAsync(["keys", "revoke", "--data-dir", typo, "svc"]);

        foreach (var (exitCode, standardOutput, standardError) in new[] { create, list, revoke })
        {
            Assert.Equal(2, exitCode);
            Assert.Empty(standardOutput);
            Assert.Equal(
                $"tollgate: there is no Tollgate database at {Path.Combine(typo, "tollgate.db")}. Check --data-dir (or TOLLGATE_DATA_DIR); " +
                "to start a new one, run 'tollgate keys create --init …' or 'tollgate serve' with that directory.",
                standardError.TrimEnd());
        }

        Assert.False(Directory.Exists(typo));
    }

    [Fact]
    public async Task Init_creates_the_database_and_every_command_names_the_database_it_used_on_standard_error()
    {
        var created = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "first"]);
        var again = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--name", "second"]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", DataDirectory]);

        Assert.Equal((0, 0, 0), (created.ExitCode, again.ExitCode, list.ExitCode));
        Assert.StartsWith($"Created database {Database}\n", created.StandardError, StringComparison.Ordinal);
        Assert.StartsWith($"Using database {Database}\n", again.StandardError, StringComparison.Ordinal);
        Assert.Equal($"Using database {Database}", list.StandardError.TrimEnd());
        var rows = list.StandardOutput.TrimEnd().Split('\n');
        Assert.Equal("id\tname\tprefix\tuser\tfeature\tteam\tcreated\tstatus\topen\ttags\ttier", rows[0]);
        Assert.Equal(["first", "second"], rows[1..].Select(row => row.Split('\t')[1]));
    }

    [Fact]
    public async Task The_first_key_and_the_last_revocation_say_what_they_do_to_authentication()
    {
        var first = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "first"]);
        var second = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--name", "second"]);
        var notLast = await TollgateProcess.RunSeparatedAsync(["keys", "revoke", "--data-dir", DataDirectory, "first"]);
        var last = await TollgateProcess.RunSeparatedAsync(["keys", "revoke", "--data-dir", DataDirectory, "second"]);

        Assert.Contains("This is the first key: a gateway on this database requires a key from every caller from now on", first.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("first key", second.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("last active key", notLast.StandardError, StringComparison.Ordinal);
        Assert.Contains("That was the last active key. Keys stay required", last.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_both_fixes_a_field_and_leaves_it_open_is_refused_with_one_line()
    {
        var refused = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "svc", "--team", "core", "--allow-header", "team"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(
            "tollgate: The key both names its team ('core') and leaves it open to x-tollgate-team: a field is either fixed by the key or named by the caller.",
            refused.StandardError.TrimEnd().Split('\n')[^1]);
        Wire.AssertNoStackTrace(refused.StandardError);
    }

    [Theory]
    [InlineData("keys", "list")]
    [InlineData("keys", "create")]
    [InlineData("serve", null)]
    public async Task The_data_dir_help_names_its_default_once(string command, string? subcommand)
    {
        string[] arguments = subcommand is null ? [command, "--help"] : [command, subcommand, "--help"];

        var help = await TollgateProcess.RunSeparatedAsync(arguments);

        var line = Assert.Single(help.StandardOutput.Split('\n'), l => l.TrimStart().StartsWith("--data-dir", StringComparison.Ordinal));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, "default"));
        Assert.Contains("[default: .tollgate]", line, StringComparison.Ordinal);
    }
}
