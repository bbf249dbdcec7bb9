using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate report</c> as a user runs it, against a gateway that served real traffic (the official SDK through the
/// simulated provider) and against its data directory: the same figures as <c>/admin/spend</c> and
/// <c>/admin/outliers</c> in every format, and clear failures with exit codes scripts can rely on.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ReportCommandTests(GatewayFixture fixture)
{
    private const string AdminKey = "admin-key-for-reports";

    [Fact]
    public async Task The_report_shows_the_gateways_spend_savings_and_costliest_requests_in_every_format()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { AdminKey = AdminKey });
        var search = SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: await gateway.CreateKeyAsync("search", feature: "search", team: "core"));
        var support = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1", await gateway.CreateKeyAsync("support", feature: "support", team: "care"));
        var deterministic = new ChatCompletionOptions { Temperature = 0f };
        await search.CompleteChatAsync([new UserChatMessage("Find the refund policy.")], deterministic);
        await search.CompleteChatAsync([new UserChatMessage("Find the refund policy.")], deterministic);
        await support.CompleteChatAsync([new UserChatMessage("Write a long, friendly apology for a delayed parcel, in three paragraphs.")]);
        await gateway.WaitForLedgerCommitsAsync();
        using var spend = await AdminJsonAsync(gateway, "admin/spend?group_by=feature");
        using var outliers = await AdminJsonAsync(gateway, "admin/outliers?since=2000-01-01T00:00:00Z");
        var costliest = outliers.RootElement.GetProperty("data")[0].GetProperty("request_id").GetString()!;
        var totalCost = spend.RootElement.GetProperty("totals").GetProperty("cost_usd").GetDecimal();

        string[] fromGateway = ["report", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", AdminKey, "--since", "1h"];
        var json = await RunAsync([.. fromGateway, "--format", "json"]);
        using var report = JsonDocument.Parse(json);
        Assert.Equal("feature", report.RootElement.GetProperty("group_by").GetString());
        Assert.Equal(Compact(spend.RootElement.GetProperty("totals")), Compact(report.RootElement.GetProperty("spend").GetProperty("totals")));
        var exact = Assert.Single(report.RootElement.GetProperty("savings_by_lever").GetProperty("rows").EnumerateArray(), row => row.GetProperty("group").GetString() == "exact");
        Assert.True(exact.GetProperty("saved_usd").GetDecimal() > 0m);
        Assert.Equal(Compact(outliers.RootElement.GetProperty("data")), Compact(report.RootElement.GetProperty("outliers")));

        var csv = (await RunAsync([.. fromGateway, "--format", "csv"])).Split('\n');
        Assert.Equal("feature,requests,input_tokens,cached_input_tokens,output_tokens,cost_usd,baseline_cost_usd,saved_usd,hits,unpriced_requests", csv[0]);
        var total = Assert.Single(csv, line => line.StartsWith("(total),", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("3", totalCost.ToString(CultureInfo.InvariantCulture)), (total[1], total[5]));
        Assert.Contains(csv, line => line.StartsWith(costliest + ",", StringComparison.Ordinal) && line.Contains(",support,gpt-4.1", StringComparison.Ordinal));

        var table = await RunAsync([.. fromGateway, "--by", "team"]);
        Assert.StartsWith("team\trequests\t", table, StringComparison.Ordinal);
        Assert.Contains("\ncare\t1\t", table, StringComparison.Ordinal);
        Assert.Contains("\ncore\t2\t", table, StringComparison.Ordinal);

        // The data directory gives the same figures, read beside the running gateway.
        var fromDisk = await RunAsync(["report", "--data-dir", gateway.DataDirectory, "--since", "1h", "--format", "json"]);
        using var diskReport = JsonDocument.Parse(fromDisk);
        Assert.Equal(Compact(report.RootElement.GetProperty("spend").GetProperty("rows")), Compact(diskReport.RootElement.GetProperty("spend").GetProperty("rows")));
        Assert.Equal(Compact(report.RootElement.GetProperty("outliers")), Compact(diskReport.RootElement.GetProperty("outliers")));
        var byModel = await RunAsync(["report", "--data-dir", gateway.DataDirectory, "--by", "model", "--format", "csv"]);
        Assert.StartsWith("model,requests,", byModel, StringComparison.Ordinal);

        // --until ends the period: an hour that ended an hour ago holds none of these requests.
        using var earlier = JsonDocument.Parse(await RunAsync(["report", "--data-dir", gateway.DataDirectory, "--since", "2h", "--until", "1h", "--format", "json"]));
        Assert.Equal(0, earlier.RootElement.GetProperty("spend").GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task An_unreachable_gateway_is_one_line_on_standard_error_with_exit_code_1()
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["report", "--gateway", $"http://127.0.0.1:{FreePort.Next()}", "--admin-key", AdminKey]);

        Assert.Equal((1, ""), (exitCode, output));
        Assert.StartsWith("tollgate: cannot reach the gateway at ", errors, StringComparison.Ordinal);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--by", "colour", "tollgate: --by must be one of: ")]
    [InlineData("--since", "last week", "tollgate: --since must be an ISO-8601 instant")]
    [InlineData("--top", "0", "tollgate: --top must be from 1 to 100.")]
    [InlineData("--until", "soon", "tollgate: --until must be an ISO-8601 instant")]
    public async Task An_option_the_command_cannot_use_is_refused_with_exit_code_2(string option, string value, string message)
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(["report", option, value, "--data-dir", "/nonexistent"]);

        Assert.Equal((2, ""), (exitCode, output));
        Assert.StartsWith(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_without_a_database_is_named_and_refused_with_exit_code_2()
    {
        using var empty = new Testing.TemporaryDirectory();

        var (exitCode, _, errors) = await TollgateProcess.RunSeparatedAsync(["report", "--data-dir", empty.Path]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"tollgate: there is no Tollgate database at {Path.Combine(empty.Path, "tollgate.db")}", errors, StringComparison.Ordinal);
    }

    /// <summary>The element as compact JSON, so that documents written with and without indentation compare.</summary>
    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static async Task<string> RunAsync(string[] arguments)
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(arguments);
        Assert.True(exitCode == 0, $"exit {exitCode}: {errors}");
        return output;
    }

    private static async Task<JsonDocument> AdminJsonAsync(GatewayServer gateway, string path)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, path);
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
