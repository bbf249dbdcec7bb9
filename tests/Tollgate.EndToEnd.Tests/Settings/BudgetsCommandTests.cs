using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Settings;

/// <summary>
/// <c>tollgate budgets list|show|create|update|delete|topup</c> against a running gateway's <c>/admin/budgets</c>.
/// Output redirected, as here, is one tab-separated line per budget.
/// </summary>
public sealed class BudgetsCommandTests(SettingsGateway fixture) : IClassFixture<SettingsGateway>
{
    private const string Header = "id\tname\tscope\tperiod\tlimit_usd\tlimit_tokens\tspent_usd\tspent_tokens\treserved_usd\treserved_tokens\tremaining_usd\tremaining_tokens\tresets_at\tsource";

    [Fact]
    public async Task A_created_budget_is_listed_with_its_limit_spend_and_source()
    {
        var created = await TollgateAsync("budgets", "create", "cli-day", "--name", "CLI daily", "--scope", "feature:cli-budget", "--limit-usd", "20", "--period", "day", "--warn-at", "0.5,0.9");
        var listed = await TollgateAsync("budgets", "list");

        Assert.Equal((0, ""), (created.ExitCode, created.StandardError));
        var createdLines = Lines(created.StandardOutput);
        Assert.Equal(Header, createdLines[0]);
        var row = Assert.Single(Lines(listed.StandardOutput), line => line.StartsWith("cli-day\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(
            ["cli-day", "CLI daily", "feature:cli-budget", "day", "20", "", "0", "0", "0", "0", "20", "", "admin"],
            [.. row[..12], row[13]]);
        Assert.True(DateTimeOffset.TryParse(row[12], out _), $"resets_at '{row[12]}'");
    }

    [Fact]
    public async Task Update_changes_only_the_fields_it_is_given()
    {
        await TollgateAsync("budgets", "create", "cli-update", "--scope", "team:core", "--limit-usd", "5", "--period", "week", "--no-block");

        var updated = await TollgateAsync("budgets", "update", "cli-update", "--limit-usd", "7");
        var shown = await TollgateAsync("budgets", "show", "cli-update", "--format", "json");

        Assert.Equal(0, updated.ExitCode);
        using var budget = JsonDocument.Parse(shown.StandardOutput);
        var definition = budget.RootElement.GetProperty("budget");
        Assert.Equal(
            (7m, "week", "team:core", false),
            (definition.GetProperty("limit_usd").GetDecimal(), definition.GetProperty("period").GetString(), definition.GetProperty("scope").GetString(), definition.GetProperty("block").GetBoolean()));
    }

    [Fact]
    public async Task A_top_up_adds_to_a_prepaid_credit()
    {
        await TollgateAsync("budgets", "create", "cli-credit", "--limit-usd", "1", "--period", "none");

        var (exitCode, output, _) = await TollgateAsync("budgets", "topup", "cli-credit", "--usd", "2.5");

        Assert.Equal(0, exitCode);
        var row = Lines(output)[1].Split('\t');
        Assert.Equal(("cli-credit", "3.5", "3.5"), (row[0], row[4], row[10]));
    }

    [Fact]
    public async Task A_deleted_budget_is_gone()
    {
        await TollgateAsync("budgets", "create", "cli-delete", "--limit-usd", "1");

        var deleted = await TollgateAsync("budgets", "delete", "cli-delete");
        var shown = await TollgateAsync("budgets", "show", "cli-delete");

        Assert.Equal((0, "Deleted budget cli-delete."), (deleted.ExitCode, deleted.StandardOutput.TrimEnd()));
        Assert.Equal((1, "tollgate: the gateway answered 404: There is no budget 'cli-delete'."), (shown.ExitCode, shown.StandardError.TrimEnd()));
    }

    [Fact]
    public async Task A_budget_the_gateway_finds_invalid_is_one_line_on_standard_error_with_exit_code_2()
    {
        var (exitCode, output, errors) = await TollgateAsync("budgets", "create", "cli-invalid", "--limit-usd", "1", "--period", "fortnight");

        Assert.Equal((2, ""), (exitCode, output));
        var line = Assert.Single(Lines(errors));
        Assert.StartsWith("tollgate: the gateway refused the request: The budget is not valid: ", line, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.TrimEnd().Split('\n');

    private Task<(int ExitCode, string StandardOutput, string StandardError)> TollgateAsync(params string[] arguments) =>
        TollgateProcess.RunSeparatedAsync([.. arguments, "--gateway", fixture.GatewayUrl, "--admin-key", SettingsGateway.AdminKey]);
}
