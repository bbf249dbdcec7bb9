using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Settings;

/// <summary>
/// <c>tollgate config show|set|unset</c> against a running <c>tollgate serve --config FILE</c>: a setting made with
/// the command applies to the next request and is shown with its source; unset brings the file's value back. Every
/// failure is one line on standard error and a non-zero exit.
/// </summary>
public sealed class ConfigCommandTests(SettingsGateway fixture) : IClassFixture<SettingsGateway>
{
    [Fact]
    public async Task Set_applies_a_setting_at_once_and_unset_brings_back_the_file_value()
    {
        var set = await TollgateAsync("config", "set", "Features/cli/Output/MaxTokensCap", "7");
        var forwarded = await fixture.ForwardedMaxTokensAsync("cli");
        var unset = await TollgateAsync("config", "unset", "Features:cli:Output:MaxTokensCap");

        Assert.Equal((0, ""), (set.ExitCode, set.StandardError));
        Assert.Equal(["key\tvalue\tsource", "Features:cli:Output:MaxTokensCap\t7\tadmin"], Lines(set.StandardOutput));
        Assert.Equal(7, forwarded);
        Assert.Equal((0, ""), (unset.ExitCode, unset.StandardError));
        Assert.Equal(["key\tvalue\tsource", "Features:cli:Output:MaxTokensCap\t12\tfile"], Lines(unset.StandardOutput));
        Assert.Equal(12, await fixture.ForwardedMaxTokensAsync("cli"));
    }

    [Fact]
    public async Task Set_takes_text_that_is_not_JSON_as_a_string()
    {
        var set = await TollgateAsync("config", "set", "Features/cli/Model", "gpt-4.1-mini");
        await TollgateAsync("config", "unset", "Features/cli/Model");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("Features:cli:Model\tgpt-4.1-mini\tadmin", Lines(set.StandardOutput));
    }

    [Fact]
    public async Task Show_as_json_lists_every_setting_with_its_source_and_no_secret()
    {
        var (exitCode, output, _) = await TollgateAsync("config", "show", "--format", "json");

        Assert.Equal(0, exitCode);
        using var settings = JsonDocument.Parse(output);
        var cap = settings.RootElement.EnumerateArray().Single(setting => setting.GetProperty("key").GetString() == "Features:cli:Output:DefaultMaxTokens");
        Assert.Equal(("6", "file", false), (cap.GetProperty("value").GetString(), cap.GetProperty("source").GetString(), cap.GetProperty("redacted").GetBoolean()));
        Assert.DoesNotContain(GatewayServer.OpenAIProviderKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsGateway.WebhookSecret, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_the_admin_API_may_not_set_is_one_line_on_standard_error_with_exit_code_2()
    {
        var (exitCode, output, errors) = await TollgateAsync("config", "set", "Urls", "\"http://0.0.0.0:80\"");

        Assert.Equal((2, ""), (exitCode, output));
        var line = Assert.Single(Lines(errors));
        Assert.StartsWith("tollgate: the gateway refused the request: 'Urls' cannot be set through the admin API; it may set Features,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unset_of_a_setting_nobody_made_says_so_with_exit_code_1()
    {
        var (exitCode, _, errors) = await TollgateAsync("config", "unset", "Features/cli/Enabled");

        Assert.Equal(1, exitCode);
        Assert.Equal("tollgate: the gateway answered 404: Nothing at or below 'Features:cli:Enabled' was set through the admin API.", errors.TrimEnd());
    }

    private static string[] Lines(string text) => text.TrimEnd().Split('\n');

    private Task<(int ExitCode, string StandardOutput, string StandardError)> TollgateAsync(params string[] arguments) =>
        TollgateProcess.RunSeparatedAsync([.. arguments, "--gateway", fixture.GatewayUrl, "--admin-key", SettingsGateway.AdminKey]);
}
