using System.Net;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate serve --config FILE</c> follows edits of the file, and checks an edit as it checks the file at start: a key
/// the gateway does not read is refused on reload too, with the last valid settings kept and the gateway serving on.
/// </summary>
public sealed class SettingsReloadTests
{
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Config_file_edit_with_a_setting_the_gateway_does_not_read_is_refused_and_logged()
    {
        using var config = new TemporaryDirectory();
        var file = Path.Combine(config.Path, "tollgate.json");
        File.WriteAllText(file, """{"Tollgate":{"UpstreamTimeoutSeconds":600}}""");
        await using var gateway = await GatewayProcess.StartAsync(arguments: ["--config", file]);

        // Replaced in one step (write aside, then rename), so the watcher never reads it half-written.
        File.WriteAllText(file + ".new", """{"Tollgate":{"UpstreamTimeoutSeconds":30,"AdminKye":"secret"}}""");
        File.Move(file + ".new", file, overwrite: true);
        await Poll.UntilAsync(
            () => Task.FromResult(gateway.Output.Contains("Configuration reload refused", StringComparison.Ordinal)),
            ReloadDeadline,
            "the refused edit in the log");

        using var health = await gateway.Http.GetAsync("healthz");
        Assert.Contains("unknown setting 'Tollgate:AdminKye' in tollgate.json (did you mean 'AdminKey'?)", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Configuration reloaded", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
