using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// <c>tollgate estimate</c>: a described workload priced from the pricing and model catalogs, scenario by scenario;
/// <c>--from-ledger</c> re-pricing what a real gateway recorded, from the gateway or its data directory.
/// </summary>
public sealed class EstimateCommandTests
{
    private const string AdminKey = "admin-key-for-estimates";

    [Fact]
    public async Task An_estimate_prices_each_lever_from_the_catalogs_and_all_levers_together_below_each_alone()
    {
        var (exitCode, json, errors) = await CommandRun.JsonAsync(
            "estimate", "--model", "gpt-4o", "--requests-per-day", "1000", "--input-tokens", "2000", "--output-tokens", "300",
            "--cache-hit-rate", "0.4", "--cheaper-tier-share", "0.5", "--batch-share", "0.25", "--cached-prefix-share", "0.5", "--format", "json");

        Assert.True(exitCode == 0, errors);
        var pricing = PricingCatalog.LoadDefault();
        var gpt4o = pricing.Find("gpt-4o")!;
        var cheaper = ModelCatalog.Load(pricing).Preferred("openai", ModelTier.Medium)!.Model;
        Assert.Equal(cheaper, json.GetProperty("cheaper_model").GetString());
        var scenarios = json.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("monthly_cost_usd").GetDecimal());
        var plain = 1000m * 30 * gpt4o.Cost(new TokenUsage(2000, 0, 0, 300));
        Assert.Equal(Math.Round(plain, 6), scenarios["no levers"]);
        Assert.Equal(Math.Round(plain * 0.6m, 6), scenarios["response cache (40 % hits)"]);
        var batched = 1000m * 30 * gpt4o.Cost(new TokenUsage(2000, 0, 0, 300), batch: true);
        Assert.Equal(Math.Round((plain * 0.75m) + (batched * 0.25m), 6), scenarios["batch (25 % batched)"]);
        Assert.All(scenarios.Where(s => s.Key != "all levers"), s => Assert.True(scenarios["all levers"] < s.Value, $"all levers should cost less than {s.Key}"));
    }

    [Fact]
    public async Task An_unknown_model_is_named_in_one_line_with_exit_code_2()
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["estimate", "--model", "gpt-99-ultra"]);

        Assert.Equal((2, ""), (exitCode, output));
        Assert.StartsWith("tollgate: unknown model 'gpt-99-ultra': the pricing catalog has no price for it", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_ledger_of_a_running_gateway_the_recorded_month_is_what_the_gateway_reports_and_another_model_reprices_it()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Plan a short walk in the hills."), WorkloadFile.Chat(10, "Summarise the water cycle."));
        Assert.Equal(0, (await CommandRun.JsonAsync("replay", workload.Path, "--gateway", Url(gateway), "--admin-key", AdminKey, "--format", "json")).ExitCode);

        var (exitCode, json, errors) = await CommandRun.JsonAsync(
            "estimate", "--from-ledger", "--days", "30", "--gateway", Url(gateway), "--admin-key", AdminKey, "--what-if-model", "gpt-4o-mini", "--format", "json");

        Assert.True(exitCode == 0, errors);
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=model");
        using var response = await gateway.Http.SendAsync(request);
        var totals = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totals");
        var scenarios = json.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("monthly_cost_usd").GetDecimal());
        Assert.Equal(2, json.GetProperty("requests").GetInt32());
        Assert.Equal(Math.Round(totals.GetProperty("cost_usd").GetDecimal(), 6), scenarios["as recorded"]);
        var mini = PricingCatalog.LoadDefault().Find("gpt-4o-mini")!;
        var usage = new TokenUsage(totals.GetProperty("input_tokens").GetInt64(), totals.GetProperty("cached_input_tokens").GetInt64(), totals.GetProperty("cache_write_tokens").GetInt64(), totals.GetProperty("output_tokens").GetInt64());
        Assert.Equal(Math.Round(mini.Cost(usage), 6), scenarios["all on gpt-4o-mini"]);
    }

    [Fact]
    public async Task From_the_ledger_of_a_data_directory_the_requests_a_stopped_gateway_recorded_are_priced()
    {
        using var data = new TemporaryDirectory();
        decimal recordedCost;
        await using (var simulator = await SimulatorServer.StartAsync())
        await using (var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey, DataDirectory = data.Path }))
        {
            using var workload = new WorkloadFile(WorkloadFile.Chat(0, "List three rivers of Europe."), WorkloadFile.Chat(10, "Explain what a budget is."));
            var (replayed, replay, _) = await CommandRun.JsonAsync("replay", workload.Path, "--gateway", Url(gateway), "--admin-key", AdminKey, "--format", "json");
            Assert.Equal(0, replayed);
            recordedCost = replay.GetProperty("cost_usd").GetDecimal();
            await gateway.WaitForLedgerCommitsAsync();
        }

        var (exitCode, json, errors) = await CommandRun.JsonAsync("estimate", "--from-ledger", "--data-dir", data.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(2, json.GetProperty("requests").GetInt32());
        var asRecorded = json.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "as recorded");
        Assert.Equal(Math.Round(recordedCost, 6), asRecorded.GetProperty("monthly_cost_usd").GetDecimal());
    }

    [Fact]
    public async Task From_the_ledger_of_a_data_directory_without_a_database_is_exit_code_3_and_of_an_unreachable_gateway_4()
    {
        using var empty = new TemporaryDirectory();

        var fromDirectory = await TollgateProcess.RunSeparatedAsync(["estimate", "--from-ledger", "--data-dir", empty.Path]);
        var fromGateway = await TollgateProcess.RunSeparatedAsync(["estimate", "--from-ledger", "--gateway", CommandRun.UnreachableGateway()]);

        Assert.Equal(3, fromDirectory.ExitCode);
        Assert.StartsWith("tollgate: there is no Tollgate database at ", fromDirectory.StandardError, StringComparison.Ordinal);
        Assert.Equal(4, fromGateway.ExitCode);
        Assert.StartsWith("tollgate: cannot reach the gateway at ", fromGateway.StandardError, StringComparison.Ordinal);
    }

    private static string Url(GatewayServer gateway) => gateway.BaseAddress.ToString().TrimEnd('/');
}
