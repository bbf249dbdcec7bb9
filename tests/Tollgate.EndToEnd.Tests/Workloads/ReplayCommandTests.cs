using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// <c>tollgate replay</c> end to end: through its own in-process gateway with the simulated provider, and through a
/// running <c>tollgate serve</c>, whose ledger the printed figures must match; malformed lines, a missing file, an
/// unreachable gateway and failed requests each end as the documented exit code says.
/// </summary>
public sealed class ReplayCommandTests
{
    private const string AdminKey = "admin-key-for-replay";

    [Fact]
    public async Task Replay_through_its_own_gateway_answers_repeats_without_a_call_and_credits_the_savings_to_levers()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Classification(0, "I am still waiting on my card?", "card_arrival"),
            WorkloadFile.Classification(2500, "I am still waiting on my card?", "card_arrival"),
            WorkloadFile.Classification(2500, "I am still waiting on my card?", "card_arrival"),
            WorkloadFile.Chat(2600, "Write two lines about the sea."));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal("built-in", json.GetProperty("gateway").GetString());
        Assert.Equal((4, 4, 0), (json.GetProperty("requests").GetInt32(), json.GetProperty("succeeded").GetInt32(), json.GetProperty("errors").GetInt32()));
        var cache = json.GetProperty("cache");
        var reused = new[] { "hit", "semantic-hit", "coalesced" }.Sum(s => cache.TryGetProperty(s, out var n) ? n.GetInt32() : 0);
        Assert.Equal(2, reused); // the two repeats: from the stored answer, or one joining the other in flight
        var cost = json.GetProperty("cost_usd").GetDecimal();
        var baseline = json.GetProperty("baseline_cost_usd").GetDecimal();
        var saved = json.GetProperty("saved_usd").GetDecimal();
        Assert.True(cost < baseline, $"cost {cost} should be below the baseline {baseline}");
        Assert.Equal(baseline - cost, saved);
        var levers = json.GetProperty("savings_by_lever").EnumerateArray().ToList();
        Assert.Equal(saved, levers.Sum(l => l.GetProperty("saved_usd").GetDecimal()));
        Assert.Contains(levers, l => l.GetProperty("lever").GetString() is "exact" or "coalesced" or "semantic");
        Assert.True(json.GetProperty("latency_ms").GetProperty("p50").GetDouble() > 0);
        var labels = json.GetProperty("labels");
        Assert.Equal((3, 2, 0), (labels.GetProperty("labelled").GetInt32(), labels.GetProperty("reused_checked").GetInt32(), labels.GetProperty("wrong_answers").GetInt32()));
    }

    [Fact]
    public async Task Replay_through_a_running_gateway_prints_what_its_ledger_recorded_for_exactly_the_requests_it_sent()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(simulator, new GatewayServerOptions { AdminKey = AdminKey });
        using var other = new WorkloadFile(WorkloadFile.Chat(0, "Traffic of someone else, not part of the run."));
        Assert.Equal(0, (await CommandRun.JsonAsync("replay", other.Path, "--gateway", Url(gateway), "--admin-key", AdminKey, "--format", "json")).ExitCode);
        using var workload = new WorkloadFile(
            WorkloadFile.Chat(0, "Name three colours of the sky."),
            WorkloadFile.Chat(50, "Name three colours of the sky."),
            WorkloadFile.Chat(100, "Describe a quiet harbour at dawn.", model: "gpt-4o-mini"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--gateway", Url(gateway), "--admin-key", AdminKey, "--rate", "20", "--format", "json");

        Assert.True(exitCode == 0, errors);
        var runId = json.GetProperty("run_id").GetString()!;
        using var spend = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=tag:replay");
        using var answer = await gateway.Http.SendAsync(spend);
        var report = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("group").GetString() == runId);
        Assert.Equal(3, row.GetProperty("requests").GetInt32());
        Assert.Equal(row.GetProperty("cost_usd").GetDecimal(), json.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(row.GetProperty("baseline_cost_usd").GetDecimal(), json.GetProperty("baseline_cost_usd").GetDecimal());
        Assert.Equal(row.GetProperty("saved_usd").GetDecimal(), json.GetProperty("saved_usd").GetDecimal());
        Assert.Equal(Url(gateway), json.GetProperty("gateway").GetString());
    }

    [Fact]
    public async Task A_reused_answer_made_for_a_line_of_another_label_is_counted_as_a_wrong_answer()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Classification(0, "My card has not arrived yet.", "card_arrival"),
            WorkloadFile.Classification(2500, "My card has not arrived yet.", "lost_or_stolen_card"));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--format", "json");

        Assert.True(exitCode == 0, errors);
        var labels = json.GetProperty("labels");
        Assert.Equal((1, 1), (labels.GetProperty("reused_checked").GetInt32(), labels.GetProperty("wrong_answers").GetInt32()));
        Assert.Equal(1m, labels.GetProperty("wrong_answer_rate").GetDecimal());
    }

    [Fact]
    public async Task A_malformed_line_is_named_by_its_number_and_the_other_lines_are_still_replayed()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Chat(0, "First line."),
            "{\"at_ms\": 5, \"protocol\": \"chat\", \"body\": ",
            "{\"at_ms\": 10, \"protocol\": \"fax\", \"body\": {\"model\": \"gpt-4o\"}}",
            WorkloadFile.Chat(20, "Fourth line."));

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--format", "json");

        Assert.Equal(0, exitCode);
        Assert.Contains($"{workload.Path} line 2: not valid JSON", errors, StringComparison.Ordinal);
        Assert.Contains($"{workload.Path} line 3: protocol must be chat, responses or messages; got 'fax'; the line is skipped.", errors, StringComparison.Ordinal);
        Assert.Equal((2, 2, 2), (json.GetProperty("requests").GetInt32(), json.GetProperty("succeeded").GetInt32(), json.GetProperty("malformed_lines").GetInt32()));
    }

    [Fact]
    public async Task A_missing_file_is_one_line_on_standard_error_and_exit_code_3()
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["replay", "no-such-workload.jsonl"]);

        Assert.Equal((3, ""), (exitCode, output));
        Assert.StartsWith("tollgate: there is no workload file at ", errors, StringComparison.Ordinal);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_unreachable_gateway_is_exit_code_4()
    {
        using var workload = new WorkloadFile(WorkloadFile.Chat(0, "Hello."));
        var gateway = CommandRun.UnreachableGateway();

        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["replay", workload.Path, "--gateway", gateway]);

        Assert.Equal((4, ""), (exitCode, output));
        Assert.Equal($"tollgate: cannot reach the gateway at {gateway}/.", errors.TrimEnd());
    }

    [Fact]
    public async Task Failed_requests_above_the_allowed_error_rate_are_exit_code_5_with_their_error_types()
    {
        using var workload = new WorkloadFile(
            WorkloadFile.Chat(0, "A fine request."),
            "{\"at_ms\": 10, \"protocol\": \"chat\", \"body\": {\"model\": \"gpt-4o\", \"messages\": \"not a list\"}}");

        var (exitCode, json, errors) = await CommandRun.JsonAsync("replay", workload.Path, "--format", "json", "--max-error-rate", "0.25");

        Assert.Equal(5, exitCode);
        Assert.Contains("1 of 2 requests failed, more than --max-error-rate 0.25 allows.", errors, StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("errors").GetInt32());
        Assert.Equal(1, json.GetProperty("errors_by_type").GetProperty("invalid_request_error").GetInt32());
    }

    private static string Url(GatewayServer gateway) => gateway.BaseAddress.ToString().TrimEnd('/').ToString(CultureInfo.InvariantCulture);
}
