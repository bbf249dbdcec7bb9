using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Alerts through a real <c>tollgate serve</c> configured from its environment (<c>Tollgate__Alerts__Webhooks__0__…</c>):
/// <c>POST /admin/alerts/test</c> reaches the receiver signed, the log names the alert but never the secret, and
/// <c>tollgate alerts list</c> shows it with its delivery, from the gateway and from the data directory alike.
/// </summary>
public sealed class AlertsCommandTests
{
    private const string AdminKey = "admin-key-for-alert-commands";
    private const string Secret = "whsec-e2e-5b0e7d";

    [Fact]
    public async Task A_test_alert_is_signed_delivered_logged_without_its_secret_and_listed_by_the_command()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment =
            {
                ["Tollgate__Alerts__Webhooks__0__Url"] = receiver.Url.ToString(),
                ["Tollgate__Alerts__Webhooks__0__Secret"] = Secret,
                ["Tollgate__Alerts__Webhooks__0__Name"] = "ops",
            },
        });

        using var raise = gateway.AdminRequest(HttpMethod.Post, "admin/alerts/test");
        using var raised = await gateway.Http.SendAsync(raise);
        Assert.Equal(202, (int)raised.StatusCode);
        var alertId = JsonDocument.Parse(await raised.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(WebhookReceiver.HasValidSignature(request, Secret));

        var json = await Poll.UntilAsync(
            async () =>
            {
                var (exitCode, output, _) = await TollgateProcess.RunSeparatedAsync(["alerts", "list", "--format", "json", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey]);
                Assert.Equal(0, exitCode);
                return output.Contains("\"state\":\"delivered\"", StringComparison.Ordinal) ? output : null;
            },
            TimeSpan.FromSeconds(30),
            "the command to list the alert as delivered");
        var listed = Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal((alertId, "test"), (listed.GetProperty("id").GetString(), listed.GetProperty("kind").GetString()));

        var (tableExit, table, tableErrors) = await TollgateProcess.RunSeparatedAsync(["alerts", "list", "--since", "1h", "--data-dir", gateway.DataDirectory]);
        Assert.Equal(0, tableExit);
        Assert.Contains(alertId, table, StringComparison.Ordinal);
        Assert.Contains("ops: delivered (1)", table, StringComparison.Ordinal);
        Assert.StartsWith("Using database ", tableErrors, StringComparison.Ordinal);

        Assert.Contains(alertId, gateway.Output, StringComparison.Ordinal);
        foreach (var text in new[] { gateway.Output, json, table })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(receiver.Url.AbsolutePath.Trim('/'), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_since_the_command_cannot_read_is_one_line_on_standard_error_with_exit_code_2()
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["alerts", "list", "--since", "last week", "--data-dir", "/nonexistent"]);

        Assert.Equal((2, ""), (exitCode, output));
        Assert.StartsWith("tollgate: --since must be an ISO-8601 instant", errors, StringComparison.Ordinal);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_data_directory_without_a_database_is_named_and_refused()
    {
        using var empty = new Testing.TemporaryDirectory();

        var (exitCode, _, errors) = await TollgateProcess.RunSeparatedAsync(["alerts", "list", "--data-dir", empty.Path]);

        Assert.Equal(2, exitCode);
        Assert.Contains("there is no Tollgate database at", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(empty.Path, "tollgate.db")));
    }
}
