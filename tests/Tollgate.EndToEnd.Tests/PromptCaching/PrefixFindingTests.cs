using System.Globalization;
using System.Net;
using System.Text.Json;
using Anthropic.Models.Messages;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// Prefix-stability findings: a feature whose system prompt starts with the time of the call can never have its prefix
/// cached; the gateway says where its prompts diverge, with a redacted excerpt, at <c>GET /admin/findings</c> and in
/// <c>tollgate prompts lint</c>.
/// </summary>
public sealed class PrefixFindingTests(PromptCacheGateway fixture) : IClassFixture<PromptCacheGateway>
{
    private static readonly string Instructions = LongPrompt.About("Clock");

    private async Task AskAsync(string feature, DateTimeOffset now)
    {
        using var clients = fixture.ClientsFor(feature);
        await clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = PromptCacheGateway.AnthropicModel,
            MaxTokens = 16,
            System = "Now: " + now.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + ". " + Instructions,
            Messages = [new UserMessageParam("What time is it?")],
        });
    }

    private async Task<JsonElement> FindingsAsync(string feature)
    {
        using var document = JsonDocument.Parse(await fixture.Http.GetStringAsync("admin/findings?feature=" + feature));
        return document.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task A_system_prompt_starting_with_a_timestamp_is_found_with_its_offset_and_a_redacted_excerpt()
    {
        const string Feature = "clock";
        var start = new DateTimeOffset(2026, 12, 2, 9, 15, 0, TimeSpan.Zero);
        await AskAsync(Feature, start);
        await AskAsync(Feature, start.AddSeconds(7));
        Assert.Equal(0, (await FindingsAsync(Feature)).GetArrayLength());

        await AskAsync(Feature, start.AddMinutes(3));
        var finding = Assert.Single((await FindingsAsync(Feature)).EnumerateArray());

        // "Now: 2026-12-02T09:1 (after the string's opening quote) is common; the third call differs from the second in the minutes.
        Assert.Equal("prefix-instability", finding.GetProperty("kind").GetString());
        Assert.Equal("system", finding.GetProperty("section").GetString());
        Assert.Equal("\"Now: 2026-12-02T09:1".Length, finding.GetProperty("offset").GetInt32());
        Assert.Equal(2, finding.GetProperty("divergences").GetInt64());
        var previous = finding.GetProperty("previous").GetString()!;
        Assert.Equal("… ####-##-#####:##:##. ##################…", previous);
        Assert.DoesNotMatch("[0-9]", previous + finding.GetProperty("current").GetString());
        Assert.Equal(PromptCacheGateway.AnthropicModel, finding.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_feature_whose_prompts_stay_the_same_has_no_finding_and_lint_passes()
    {
        const string Feature = "steady";
        var now = new DateTimeOffset(2026, 12, 2, 9, 15, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            await AskAsync(Feature, now);
        }

        Assert.Equal(0, (await FindingsAsync(Feature)).GetArrayLength());
        var (exitCode, output, _) = await TollgateProcess.RunSeparatedAsync(["prompts", "lint", "--feature", Feature, "--gateway", fixture.BaseAddress.ToString()]);
        Assert.Equal(0, exitCode);
        Assert.Contains("No findings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompts_lint_prints_the_finding_and_exits_non_zero()
    {
        const string Feature = "stamped";
        var start = new DateTimeOffset(2026, 12, 2, 9, 15, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            await AskAsync(Feature, start.AddMinutes(i * 11));
        }

        var (exitCode, output, error) = await TollgateProcess.RunSeparatedAsync(["prompts", "lint", "--feature", Feature, "--gateway", fixture.BaseAddress.ToString()]);

        Assert.True(exitCode == 3, $"exit {exitCode}: {error}");
        Assert.Contains("stamped: prefix-instability at byte", output, StringComparison.Ordinal);
        Assert.Contains("in the system prompt", output, StringComparison.Ordinal);
        Assert.Contains("previous: …", output, StringComparison.Ordinal);
        Assert.DoesNotContain("2026", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_parameter_is_refused_in_the_openai_error_shape()
    {
        using var response = await fixture.Http.GetAsync("admin/findings?feeture=clock");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("feeture", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
