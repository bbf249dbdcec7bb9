using System.Net;
using System.Text;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Settings;

/// <summary>
/// A setting made through the admin API that an edit of the file made invalid while the gateway was stopped: the start
/// stops, naming the check and the setting, and <c>tollgate config unset --data-dir</c> clears it without a gateway.
/// </summary>
public sealed class StoredSettingsStartTests
{
    [Fact]
    public async Task A_start_refused_over_a_stored_setting_names_it_and_unset_with_the_data_directory_clears_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "tollgate.json");
        var data = Path.Combine(directory.Path, "data");
        File.WriteAllText(file, Settings(defaultMaxTokens: 6));
        var options = new GatewayServerOptions { AdminKey = "admin-key-for-stored-settings", DataDirectory = data, Arguments = ["--config", file] };
        await using (var gateway = await GatewayServer.StartAsync(simulator, options))
        {
            using var put = gateway.AdminRequest(HttpMethod.Put, "admin/config/Features/pinned/Output/MaxTokensCap");
            put.Content = new StringContent("7", Encoding.UTF8, "application/json");
            using var response = await gateway.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        File.WriteAllText(file, Settings(defaultMaxTokens: 10));
        var refused = await TollgateProcess.RunSeparatedAsync(["serve", "--urls", "http://127.0.0.1:0", "--data-dir", data, "--config", file]);
        var unset = await TollgateProcess.RunSeparatedAsync(["config", "unset", "Features/pinned", "--data-dir", data]);
        await using var restarted = await GatewayServer.StartAsync(simulator, options);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Features:pinned:Output:DefaultMaxTokens (10) must not be over the MaxTokensCap that applies (7).", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("Settings made through the admin API take part: Features:pinned:Output:MaxTokensCap.", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal((0, "Removed 1 setting made at and below Features:pinned; the gateway reads the file's values at its next start."), (unset.ExitCode, unset.StandardOutput.TrimEnd()));
        using var health = await restarted.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static string Settings(int defaultMaxTokens) =>
        $$"""{ "Tollgate": { "Features": { "pinned": { "Output": { "DefaultMaxTokens": {{defaultMaxTokens}}, "MaxTokensCap": 20 } } } } }""";
}
