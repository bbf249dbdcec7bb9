using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// The options of <c>tollgate profile</c> that <see cref="ProfileCommandTests"/> leaves out, each through the real CLI:
/// <c>--from-ledger --data-dir</c> with <c>--days</c>, its failures, <c>--output-tokens</c>, <c>--max-semantic</c> and
/// the table printed without <c>--format</c>.
/// </summary>
public sealed class ProfileCommandOptionTests
{
    private const string AdminKey = "admin-key-for-profile-options";

    [Fact]
    public async Task From_the_ledger_of_a_data_directory_the_profile_agrees_with_the_running_gateways()
    {
        using var data = new TemporaryDirectory();
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey, DataDirectory = data.Path });
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Tell me a fact about herons."), WorkloadFile.Chat(2500, "Tell me a fact about herons."));
        Assert.Equal(0, (await CommandRun.JsonAsync("replay", workload.Path, "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--format", "json")).ExitCode);
        await gateway.WaitForLedgerCommitsAsync();

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", "--from-ledger", "--data-dir", data.Path, "--days", "1", "--format", "json");
        var (_, fromGateway, _) = await CommandRun.JsonAsync("profile", "--from-ledger", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--days", "1", "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Using database " + Path.Combine(data.Path, "tollgate.db"), errors, StringComparison.Ordinal);
        Assert.Equal("ledger, last 1 days", json.GetProperty("source").GetString());
        Assert.Equal(2, json.GetProperty("requests").GetInt32());
        Assert.Contains(json.GetProperty("savings").EnumerateArray(), s => s.GetProperty("lever").GetString() is "exact" or "coalesced");
        Assert.Equal(fromGateway.GetProperty("savings").ToString(), json.GetProperty("savings").ToString());
        Assert.Equal(fromGateway.GetProperty("baseline_cost_usd").GetDecimal(), json.GetProperty("baseline_cost_usd").GetDecimal());
    }

    [Fact]
    public async Task From_the_ledger_a_missing_database_is_exit_code_3_an_unreachable_gateway_4_and_a_bad_period_2()
    {
        using var empty = new TemporaryDirectory();
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Hello."));

        var missing = await TollgateProcess.RunSeparatedAsync(["profile", "--from-ledger", "--data-dir", empty.Path]);
        var unreachable = await TollgateProcess.RunSeparatedAsync(["profile", "--from-ledger", "--gateway", CommandRun.UnreachableGateway()]);
        var noDays = await TollgateProcess.RunSeparatedAsync(["profile", "--from-ledger", "--days", "0", "--data-dir", empty.Path]);
        var withFile = await TollgateProcess.RunSeparatedAsync(["profile", workload.Path, "--from-ledger", "--data-dir", empty.Path]);

        Assert.Equal((3, ""), (missing.ExitCode, missing.StandardOutput));
        Assert.Equal($"tollgate: there is no Tollgate database at {Path.Combine(empty.Path, "tollgate.db")}. Check --data-dir (or TOLLGATE_DATA_DIR), or ask a running gateway with --gateway.", missing.StandardError.TrimEnd());
        Assert.Equal((4, ""), (unreachable.ExitCode, unreachable.StandardOutput));
        Assert.StartsWith("tollgate: cannot reach the gateway at ", unreachable.StandardError, StringComparison.Ordinal);
        Assert.All(new[] { noDays, withFile }, refused => Assert.Equal((2, "tollgate: --from-ledger takes no FILE, and --days from 1 to 3650."), (refused.ExitCode, refused.StandardError.TrimEnd())));
        Assert.False(File.Exists(Path.Combine(empty.Path, "tollgate.db")), "reading a ledger must not create a database");
    }

    [Fact]
    public async Task Output_tokens_prices_the_answers_of_lines_without_an_output_limit()
    {
        const string prompt = "Summarise the history of the harbour in one paragraph.";
        using var workload = new WorkloadFile(WorkloadFile.Unbounded(0, prompt), WorkloadFile.Unbounded(10, prompt));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", workload.Path, "--output-tokens", "1000", "--format", "json");
        var (_, byDefault, _) = await CommandRun.JsonAsync("profile", workload.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(ProfileCommandTests.CostOf(prompt, 1000), ExactSaving(json));
        Assert.Equal(ProfileCommandTests.CostOf(prompt, 200), ExactSaving(byDefault));
    }

    [Fact]
    public async Task Max_semantic_bounds_the_prompts_compared_for_near_duplicates_and_says_how_many_were_not()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Classification(0, "How much is the exchange fee?", "exchange_charge"),
            WorkloadFile.Classification(10, "Is there any type of fee for currency exchange?", "exchange_charge"),
            WorkloadFile.Classification(20, "Is there a fee for exchanging currency?", "exchange_charge"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("profile", workload.Path, "--max-semantic", "1", "--format", "json");
        var (_, none, _) = await CommandRun.JsonAsync("profile", workload.Path, "--max-semantic", "0", "--format", "json");
        var refused = await TollgateProcess.RunSeparatedAsync(["profile", workload.Path, "--max-semantic", "-1"]);

        Assert.True(exitCode == 0, errors);
        Assert.Empty(json.GetProperty("near_duplicate_clusters").EnumerateArray());
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), note => note.GetString() == "2 distinct prompts past --max-semantic 1 were not compared for near duplicates.");
        Assert.Equal(["3 distinct prompts past --max-semantic 0 were not compared for near duplicates."], none.GetProperty("notes").EnumerateArray().Select(note => note.GetString()));
        Assert.Equal((2, "tollgate: --max-semantic and --output-tokens must be 0 or more."), (refused.ExitCode, refused.StandardError.TrimEnd()));
    }

    [Fact]
    public async Task Without_format_the_profile_is_printed_as_tables_for_people()
    {
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Same question."), WorkloadFile.Chat(10, "Same question."));

        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["profile", workload.Path]);

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Profile of ", output, StringComparison.Ordinal);
        Assert.Contains("What each lever would save", output, StringComparison.Ordinal);
    }

    private static decimal ExactSaving(System.Text.Json.JsonElement report) =>
        report.GetProperty("savings").EnumerateArray().Single(s => s.GetProperty("lever").GetString() == "exact").GetProperty("saved_usd").GetDecimal();
}
