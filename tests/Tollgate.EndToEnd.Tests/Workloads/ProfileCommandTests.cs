using System.Text;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Tokens;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// <c>tollgate profile</c>: exact duplicates, near duplicates as the semantic cache judges them, shared prefixes, and
/// what each lever would save at the models' prices; <c>--from-ledger</c> says what the ledger cannot tell.
/// </summary>
public sealed class ProfileCommandTests
{
    private const string AdminKey = "admin-key-for-profiles";

    [Fact]
    public async Task A_profile_finds_exact_and_near_duplicates_and_prices_what_the_exact_cache_would_save()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Classification(0, "How much is the exchange fee?", "exchange_charge"),
            WorkloadFile.Classification(10, "How much is the exchange fee?", "exchange_charge"),
            WorkloadFile.Classification(20, "How much is the exchange fee?", "exchange_charge"),
            WorkloadFile.Classification(30, "Is there any type of fee for currency exchange?", "exchange_charge"),
            WorkloadFile.Classification(40, "Is there a fee for exchanging currency?", "exchange_charge"),
            WorkloadFile.Classification(50, "My card was stolen yesterday.", "lost_or_stolen_card"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", workload.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal((6, 4), (json.GetProperty("requests").GetInt32(), json.GetProperty("unique_prompts").GetInt32()));
        var exact = Assert.Single(json.GetProperty("exact_duplicate_clusters").EnumerateArray());
        Assert.Equal((3, "How much is the exchange fee?"), (exact.GetProperty("requests").GetInt32(), exact.GetProperty("prompt").GetString()));
        var near = json.GetProperty("near_duplicate_clusters").EnumerateArray().First();
        Assert.Equal(("Is there any type of fee for currency exchange?", "Is there a fee for exchanging currency?"), (near.GetProperty("prompt").GetString(), near.GetProperty("example").GetString()));
        var savings = json.GetProperty("savings").EnumerateArray().ToDictionary(s => s.GetProperty("lever").GetString()!, s => s.GetProperty("saved_usd").GetDecimal());
        Assert.Equal(2 * CostOf("Classify the customer's message into one support intent; answer with its name only.\nHow much is the exchange fee?", 200), savings["exact"]);
        Assert.True(savings["exact + semantic"] > savings["exact"]);
    }

    [Fact]
    public async Task Prompts_sharing_a_long_prefix_show_a_prefix_sharing_ratio_and_a_prompt_cache_saving()
    {
        var document = string.Join(' ', Enumerable.Range(1, 900).Select(i => "clause" + (i % 37)));
        using var workload = new WorkloadFile(
            WorkloadFile.Chat(0, document + "\nQuestion one: what does clause 3 say?", model: "gpt-4.1"),
            WorkloadFile.Chat(10, document + "\nQuestion two: which clause is the longest?", model: "gpt-4.1"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", workload.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.True(json.GetProperty("prefix_sharing_ratio").GetDecimal() > 0.4m, json.ToString());
        var promptCache = json.GetProperty("savings").EnumerateArray().Single(s => s.GetProperty("lever").GetString() == "prompt-cache");
        Assert.Equal(1, promptCache.GetProperty("requests").GetInt32());
        Assert.True(promptCache.GetProperty("saved_usd").GetDecimal() > 0m);
        Assert.Contains("near duplicates were not looked for", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_ledger_the_profile_reports_the_recorded_levers_and_says_what_the_ledger_cannot_tell()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Tell me a fact about owls."), WorkloadFile.Chat(2500, "Tell me a fact about owls."));
        Assert.Equal(0, (await CommandRun.JsonAsync("replay", workload.Path, "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--format", "json")).ExitCode);

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", "--from-ledger", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(2, json.GetProperty("requests").GetInt32());
        Assert.Contains(json.GetProperty("savings").EnumerateArray(), s => s.GetProperty("lever").GetString() is "exact" or "coalesced");
        Assert.StartsWith("The ledger keeps no prompt text or prompt hash", json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_exit_code_3_and_a_malformed_line_is_named()
    {
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Hello."), "[1, 2]");

        var missing = await TollgateProcess.RunSeparatedAsync(["profile", "no-such-workload.jsonl"]);
        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", workload.Path, "--format", "json");

        Assert.Equal(3, missing.ExitCode);
        Assert.StartsWith("tollgate: there is no workload file at ", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.Contains($"{workload.Path} line 2: a line must be a JSON object; the line is skipped.", errors, StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("requests").GetInt32());
    }

    /// <summary>One request's cost as the profile prices it: prompt tokens by the model's tokenizer, output at the request's limit.</summary>
    internal static decimal CostOf(string promptText, long maxTokens) =>
        PricingCatalog.LoadDefault().Find("gpt-4o")!.Cost(new TokenUsage(TokenCounter.Shared.Split("gpt-4o", promptText).Count, 0, 0, maxTokens));
}
