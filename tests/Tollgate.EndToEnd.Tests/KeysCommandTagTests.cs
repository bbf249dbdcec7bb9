using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary><c>tollgate keys create --tag key=value</c>: a key's fixed tags from the command line, shown by <c>keys list</c>.</summary>
public sealed class KeysCommandTagTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    private string DataDirectory => Path.Combine(_root.Path, "data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Tags_given_with_repeated_tag_options_are_kept_and_listed_in_key_order()
    {
        var created = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "svc", "--tag", "project=atlas", "--tag", "Env=prod"]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", DataDirectory]);

        Assert.Equal((0, 0), (created.ExitCode, list.ExitCode));
        var rows = list.StandardOutput.TrimEnd().Split('\n');
        var column = Array.IndexOf(rows[0].Split('\t'), "tags"); // new columns go at the end
        Assert.Equal("env=prod,project=atlas", rows[1].Split('\t')[column]);
    }

    [Theory]
    [InlineData("project", "tollgate: --tag takes key=value (e.g. project=atlas), not 'project'.")]
    [InlineData("project=a,b", "tollgate: --tag: the value of 'project' must be 1 to 100 printable ASCII characters, without ',' or '='.")]
    public async Task A_broken_tag_is_refused_with_one_line_and_no_key_is_made(string tag, string message)
    {
        await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--init", "--name", "first"]);

        var refused = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", DataDirectory, "--name", "svc", "--tag", tag]);
        var list = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", DataDirectory]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(message, refused.StandardError.TrimEnd().Split('\n')[^1]);
        Wire.AssertNoStackTrace(refused.StandardError);
        Assert.Equal(2, list.StandardOutput.TrimEnd().Split('\n').Length); // the header and the first key
    }
}
