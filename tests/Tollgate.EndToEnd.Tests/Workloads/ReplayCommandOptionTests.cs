using System.Text.Json;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// The options of <c>tollgate replay</c> that <see cref="ReplayCommandTests"/> leaves out, each through the real CLI:
/// a virtual key (<c>--key</c>, or <c>TOLLGATE_API_KEY</c>) and one the gateway refuses, <c>--speedup</c>,
/// <c>--config</c> over the built-in gateway, and the table printed without <c>--format</c>.
/// </summary>
public sealed class ReplayCommandOptionTests
{
    private const string AdminKey = "admin-key-for-replay-options";

    [Fact]
    public async Task Replay_with_a_virtual_key_through_a_running_gateway_bills_the_keys_feature_and_team()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        var key = await gateway.CreateKeyAsync("replayer", feature: "keyed-replay", team: "ops");
        using var workload = new WorkloadFile(WorkloadFile.Unattributed(0, "Name a port city."), WorkloadFile.Unattributed(10, "Name a mountain pass."));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--gateway", Url(gateway), "--key", key, "--admin-key", AdminKey, "--format", "json");
        var fromEnvironment = await TollgateProcess.RunSeparatedAsync(
            ["replay", workload.Path, "--gateway", Url(gateway), "--format", "json"],
            new Dictionary<string, string?> { ["TOLLGATE_API_KEY"] = key, ["TOLLGATE_ADMIN_KEY"] = AdminKey },
            TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, errors);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.StandardError);
        Assert.Equal((2, 0), (json.GetProperty("succeeded").GetInt32(), json.GetProperty("errors").GetInt32()));
        var byTeam = await SpendRowsAsync(gateway, "team");
        var byFeature = await SpendRowsAsync(gateway, "feature");
        Assert.Equal(4, byTeam["ops"].GetProperty("requests").GetInt32());
        Assert.Equal(4, byFeature["keyed-replay"].GetProperty("requests").GetInt32());
        using var second = JsonDocument.Parse(fromEnvironment.StandardOutput);
        Assert.Equal(2, second.RootElement.GetProperty("succeeded").GetInt32());
        Assert.Equal(json.GetProperty("cost_usd").GetDecimal() + second.RootElement.GetProperty("cost_usd").GetDecimal(), byTeam["ops"].GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task A_key_the_gateway_refuses_fails_every_request_with_exit_code_5_and_no_ledger_row_to_read()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        await gateway.CreateKeyAsync("the-only-key");
        using var workload = new WorkloadFile(WorkloadFile.Unattributed(0, "Hello."), WorkloadFile.Unattributed(10, "Hello again."));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--gateway", Url(gateway), "--key", "tg-not-a-key-of-this-gateway", "--admin-key", AdminKey, "--format", "json");

        Assert.Equal(5, exitCode);
        Assert.Contains("2 of 2 requests failed, more than --max-error-rate 0.01 allows.", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("tg-not-a-key-of-this-gateway", errors, StringComparison.Ordinal);
        // The OpenAI shape's 401: type invalid_request_error, code invalid_api_key. Refused before settling, no row is billed.
        Assert.Equal(2, json.GetProperty("errors_by_type").GetProperty("invalid_request_error").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public async Task Speedup_divides_the_arrival_times_so_a_twenty_minute_workload_replays_within_the_commands_timeout()
    {
        // Without --speedup the second line would be sent 20 minutes in; CommandRun gives the command 3 minutes.
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Early request."), WorkloadFile.Chat(1_200_000, "Late request."));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--speedup", "1200", "--format", "json");
        var refused = await TollgateProcess.RunSeparatedAsync(["replay", workload.Path, "--speedup", "0"]);

        Assert.True(exitCode == 0, errors);
        Assert.Equal(2, json.GetProperty("succeeded").GetInt32());
        Assert.Equal((2, ""), (refused.ExitCode, refused.StandardOutput));
        Assert.Equal("tollgate: --speedup must be more than 0, --rate 0 or more, --max-error-rate from 0 to 1.", refused.StandardError.TrimEnd());
    }

    [Fact]
    public async Task A_config_file_is_laid_over_the_built_in_gateway_and_refused_beside_a_running_one()
    {
        using var directory = new TemporaryDirectory();
        var config = Path.Combine(directory.Path, "no-cache.json");
        await File.WriteAllTextAsync(config, """{"Tollgate": {"Cache": {"Enabled": false, "Semantic": {"Enabled": false}}}}""");
        using var workload = new WorkloadFile(
            WorkloadFile.Classification(0, "Where is my new card?", "card_arrival"),
            WorkloadFile.Classification(2500, "Where is my new card?", "card_arrival"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--config", config, "--format", "json");
        var beside = await TollgateProcess.RunSeparatedAsync(["replay", workload.Path, "--config", config, "--gateway", CommandRun.UnreachableGateway()]);
        var missing = await TollgateProcess.RunSeparatedAsync(["replay", workload.Path, "--config", Path.Combine(directory.Path, "absent.json")]);

        Assert.True(exitCode == 0, errors);
        // The repeat, 2.5 s after the first answer, would be an exact hit with the demo's cache on.
        Assert.Equal(2, json.GetProperty("succeeded").GetInt32());
        Assert.All(new[] { "hit", "semantic-hit", "coalesced" }, status => Assert.False(json.GetProperty("cache").TryGetProperty(status, out _), json.ToString()));
        Assert.Equal(2, beside.ExitCode);
        Assert.StartsWith("tollgate: --config configures the built-in gateway", beside.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, missing.ExitCode);
        Assert.Single(missing.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Without_format_the_result_is_printed_as_tables_for_people()
    {
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "A table, please."), WorkloadFile.Chat(2500, "A table, please."));

        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["replay", workload.Path], timeout: TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Built-in gateway with: simulated provider", output, StringComparison.Ordinal);
        Assert.Contains("without Tollgate (baseline)", output, StringComparison.Ordinal);
        Assert.Contains("Savings by lever", output, StringComparison.Ordinal);
        Assert.Contains("latency p50 / p95 / p99 (ms)", output, StringComparison.Ordinal);
    }

    private static string Url(GatewayServer gateway) => gateway.BaseAddress.ToString().TrimEnd('/');

    private static async Task<Dictionary<string, JsonElement>> SpendRowsAsync(GatewayServer gateway, string groupBy)
    {
        await gateway.WaitForLedgerCommitsAsync();
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=" + groupBy);
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return report.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("group").ValueKind == JsonValueKind.String).ToDictionary(r => r.GetProperty("group").GetString()!);
    }
}
