using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary><c>tollgate keys create --tier NAME</c>: a key's tier from the command line, shown by <c>keys list</c>.</summary>
public sealed class KeysCommandTierTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    private string DataDirectory => Path.Combine(_root.Path, "data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_keys_tier_is_kept_and_listed_in_the_last_column()
    {
        var created = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "trial-app", "--tier", "free"]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", DataDirectory]);

        Assert.Equal((0, 0), (created.ExitCode, list.ExitCode));
        Assert.Contains("Tier free: applies where Tollgate:Tiers of the gateway defines it", created.StandardError, StringComparison.Ordinal);
        var rows = list.StandardOutput.TrimEnd().Split('\n');
        Assert.Equal(("tier", "free"), (rows[0].Split('\t')[^1], rows[1].Split('\t')[^1]));
    }

    [Fact]
    public async Task A_tier_that_is_no_tiers_name_is_refused_with_one_line_and_no_key_is_made()
    {
        var refused = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "trial-app", "--tier", "free:daily"]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", DataDirectory]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("tollgate: The tier 'free:daily' is not a tier's name: 1 to 64 letters, digits, '.', '_' and '-'.", refused.StandardError.TrimEnd().Split('\n')[^1]);
        Wire.AssertNoStackTrace(refused.StandardError);
        Assert.Single(list.StandardOutput.TrimEnd().Split('\n')); // the header alone
    }
}
