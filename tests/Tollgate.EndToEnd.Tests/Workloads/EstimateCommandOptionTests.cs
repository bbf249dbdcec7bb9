using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Pricing;
using Tollgate.Core.Exchange;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// The options of <c>tollgate estimate</c> that <see cref="EstimateCommandTests"/> leaves out, each through the real CLI:
/// <c>--cheaper-model</c>, <c>--what-if-cache-hit-rate</c> and <c>--batch-share</c> on the ledger, and the table
/// printed without <c>--format</c>.
/// </summary>
public sealed class EstimateCommandOptionTests
{
    private const string AdminKey = "admin-key-for-estimate-options";

    [Fact]
    public async Task Cheaper_model_names_where_the_routed_share_goes()
    {
        var (exitCode, json, errors) = await CommandRun.JsonAsync(
            "estimate", "--model", "gpt-4o", "--requests-per-day", "1000", "--input-tokens", "1000", "--output-tokens", "100",
            "--cheaper-tier-share", "0.5", "--cheaper-model", "gpt-4o-mini", "--format", "json");
        var unknown = await TollgateProcess.RunSeparatedAsync(["estimate", "--model", "gpt-4o", "--cheaper-tier-share", "0.5", "--cheaper-model", "gpt-99-ultra"]);

        Assert.True(exitCode == 0, errors);
        Assert.Equal("gpt-4o-mini", json.GetProperty("cheaper_model").GetString());
        var pricing = PricingCatalog.LoadDefault();
        var usage = new TokenUsage(1000, 0, 0, 100);
        var routed = 1000m * 30 * ((0.5m * pricing.Find("gpt-4o")!.Cost(usage)) + (0.5m * pricing.Find("gpt-4o-mini")!.Cost(usage)));
        var scenario = json.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "model routing (50 % to gpt-4o-mini)");
        Assert.Equal(Math.Round(routed, 6), scenario.GetProperty("monthly_cost_usd").GetDecimal());
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("tollgate: unknown model 'gpt-99-ultra'", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_ledger_another_cache_hit_rate_and_a_batched_share_are_priced_beside_the_recorded_month()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Describe a canal lock."), WorkloadFile.Chat(10, "Describe a tidal mill."));
        Assert.Equal(0, (await CommandRun.JsonAsync("replay", workload.Path, "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--format", "json")).ExitCode);

        var (exitCode, json, errors) = await CommandRun.JsonAsync(
            "estimate", "--from-ledger", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey,
            "--what-if-cache-hit-rate", "0.5", "--batch-share", "0.5", "--format", "json");

        Assert.True(exitCode == 0, errors);
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=model");
        using var response = await gateway.Http.SendAsync(request);
        var cost = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totals").GetProperty("cost_usd").GetDecimal();
        var scenarios = json.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("monthly_cost_usd").GetDecimal());
        Assert.Equal(0m, json.GetProperty("recorded_cache_hit_rate").GetDecimal());
        Assert.Equal(Math.Round(cost * 0.5m, 6), scenarios["cache hit rate 50 % (recorded 0 %)"]); // 30 days read, a month of 30
        Assert.True(scenarios["batch 50 % of calls"] < scenarios["as recorded"]);
        Assert.True(scenarios["all what-ifs"] < scenarios["batch 50 % of calls"]);
    }

    [Fact]
    public async Task Without_format_the_scenarios_are_printed_as_a_table_for_people()
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["estimate", "--model", "gpt-4o", "--cache-hit-rate", "0.3"]);

        Assert.True(exitCode == 0, errors);
        Assert.StartsWith("10,000 requests a day of 1,000 input and 200 output tokens on gpt-4o, over 30 days", output, StringComparison.Ordinal);
        Assert.Contains("response cache (30 % hits)", output, StringComparison.Ordinal);
        Assert.Contains("saved vs no levers", output, StringComparison.Ordinal);
    }
}
