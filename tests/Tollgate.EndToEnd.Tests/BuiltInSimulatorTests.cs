using System.ClientModel;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate serve</c> with no provider variable answers both protocols from its in-process simulated provider
/// (no other process runs here), and its ledger names that provider <c>simulated</c>. Costs are worked out by
/// hand from <c>pricing.json</c>: gpt-4o-mini $0.15 in / $0.60 out, claude-haiku-4-5 $1 in / $5 out, per
/// million tokens.
/// </summary>
[Collection(BuiltInSimulatorCollection.Name)]
public sealed class BuiltInSimulatorTests(BuiltInSimulatorGatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task With_no_provider_configured_the_OpenAI_routes_are_answered_by_the_built_in_simulator()
    {
        ClientResult<ChatCompletion> result = await SdkClients.OpenAIChat(Gateway.BaseAddress, apiKey: fixture.Key).CompleteChatAsync([new UserChatMessage("Say hello")]);

        var completion = result.Value;
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(SdkClients.OpenAIModel, completion.Model);
        Assert.True(completion.Usage.InputTokenCount > 0 && completion.Usage.OutputTokenCount > 0);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var entry = await Gateway.WaitForSettledEntryAsync(requestId!);
        Assert.Equal("simulated", entry.Provider);
        Assert.Equal(200, entry.Status);
        Assert.Equal(completion.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(completion.Usage.OutputTokenCount, entry.OutputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount), entry.CostUsd);
    }

    [Fact]
    public async Task With_no_provider_configured_the_Anthropic_routes_are_answered_by_the_built_in_simulator()
    {
        using var response = await SdkClients.Anthropic(Gateway.BaseAddress, apiKey: fixture.Key).WithRawResponse.Messages.Create(
            new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 200, Messages = [new UserMessageParam("Say hello")] });
        var message = await response.Deserialize();

        Assert.True(message.Content[0].TryPickText(out var text) && !string.IsNullOrWhiteSpace(text.Text));
        Assert.True(message.Usage.InputTokens > 0 && message.Usage.OutputTokens > 0);
        var entry = await Gateway.WaitForSettledEntryAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));
        Assert.Equal("simulated", entry.Provider);
        Assert.Equal(200, entry.Status);
        Assert.Equal(message.Usage.InputTokens, entry.InputTokens);
        Assert.Equal(message.Usage.OutputTokens, entry.OutputTokens);
        Assert.Equal(PublishedPrices.ClaudeHaiku45(message.Usage.InputTokens, message.Usage.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task Health_and_the_start_log_say_both_families_are_simulated()
    {
        var health = Wire.Parse(await Gateway.Http.GetStringAsync("healthz"));

        Assert.Equal("simulated", health.GetProperty("openai_provider").GetString());
        Assert.Equal("simulated", health.GetProperty("anthropic_provider").GetString());
        Assert.Contains("Providers: OpenAI routes -> simulated, Anthropic routes -> simulated", Gateway.Output, StringComparison.Ordinal);
    }
}
