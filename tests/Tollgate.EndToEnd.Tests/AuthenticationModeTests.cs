using System.ClientModel;
using System.Net;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>When Tollgate asks for keys at all: not on loopback until the first key exists, always elsewhere.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthenticationModeTests(GatewayFixture fixture)
{
    private static MessageCreateParams Ask => new() { Model = SdkClients.AnthropicModel, MaxTokens = 10, Messages = [new UserMessageParam("hi")] };

    [Fact]
    public async Task Loopback_callers_need_no_key_until_the_first_key_is_created()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator);
        ChatMessage[] ask = [new UserChatMessage("hi")];

        await SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync(ask);
        await SdkClients.Anthropic(gateway.BaseAddress).Messages.Create(Ask);
        var key = await gateway.CreateKeyAsync("first-service");

        Assert.StartsWith("tg-", key, StringComparison.Ordinal);
        Assert.Equal(401, (await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync(ask))).Status);
        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => SdkClients.Anthropic(gateway.BaseAddress).Messages.Create(Ask));
        ChatCompletion completion = await SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: key).CompleteChatAsync(ask);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        var message = await SdkClients.Anthropic(gateway.BaseAddress, apiKey: key).Messages.Create(Ask);
        Assert.True(message.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task Serving_a_non_loopback_address_without_a_key_is_refused_with_a_clear_message()
    {
        using var data = new TemporaryDirectory();

        var (exitCode, output) = await TollgateProcess.RunAsync(
            ["serve", "--urls", $"http://0.0.0.0:{FreePort.Next()}", "--data-dir", data.Path],
            new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = fixture.Simulator.OpenAIBaseUrl, ["ANTHROPIC_BASE_URL"] = fixture.Simulator.AnthropicBaseUrl });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Refusing to listen on http://0.0.0.0:", output, StringComparison.Ordinal);
        Assert.Contains("tollgate keys create", output, StringComparison.Ordinal);
        Wire.AssertNoStackTrace(output);
    }
}
