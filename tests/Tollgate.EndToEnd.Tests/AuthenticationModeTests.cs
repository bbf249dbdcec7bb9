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

    [Fact]
    public async Task Revoking_the_last_key_keeps_keys_required_also_after_a_restart()
    {
        using var data = new TemporaryDirectory();
        string secret;
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { DataDirectory = data.Path }))
        {
            await WaitForLogAsync(gateway, "No virtual key has been created yet: serving loopback callers without authentication.");
            Assert.Equal(HttpStatusCode.OK, await CallAsync(gateway, key: null));
            secret = await gateway.CreateKeyAsync("only-service");
            using var revoke = await gateway.Http.SendAsync(gateway.AdminRequest(HttpMethod.Delete, "admin/keys/only-service"));
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(gateway, key: null));
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(gateway, key: secret));
            await WaitForLogAsync(gateway, "The first virtual key was created: from now on every caller must present a key");
            await WaitForLogAsync(gateway, "The last active virtual key was revoked: keys stay required");
        }

        await using var restarted = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { DataDirectory = data.Path });

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(restarted, key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(restarted, key: secret));
        await WaitForLogAsync(restarted, "Virtual keys are required but none is active: every call is refused until one is created");
        Assert.DoesNotContain("No virtual key has been created yet", restarted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_key_made_with_the_cli_requires_keys_within_seconds_and_the_gateway_says_so()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(gateway, key: null));

        var created = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", gateway.DataDirectory, "--name", "first-from-cli"]);

        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.Contains("This is the first key", created.StandardError, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await CallAsync(gateway, key: null) == HttpStatusCode.Unauthorized ? "refused" : null, TimeSpan.FromSeconds(15), "the gateway to require a key");
        await WaitForLogAsync(gateway, "The first virtual key was created: from now on every caller must present a key");
        Assert.Single(Occurrences(gateway.Output, "The first virtual key was created"));
    }

    [Fact]
    public async Task Loopback_left_open_by_the_operator_needs_no_key_while_a_revoked_key_stays_refused()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__Auth__UnauthenticatedLoopback"] = "Always" },
        });
        var secret = await gateway.CreateKeyAsync("revoked-soon");
        using var revoke = await gateway.Http.SendAsync(gateway.AdminRequest(HttpMethod.Delete, "admin/keys/revoked-soon"));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(gateway, key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(gateway, key: secret));
        await WaitForLogAsync(gateway, "Tollgate:Auth:UnauthenticatedLoopback is Always: loopback callers are served without a virtual key");
        Assert.DoesNotContain("The first virtual key was created", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_who_never_serves_loopback_without_a_key_gets_a_gateway_that_refuses_until_the_first_key()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__Auth__UnauthenticatedLoopback"] = "Never" },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(gateway, key: null));
        var secret = await gateway.CreateKeyAsync("first");
        Assert.Equal(HttpStatusCode.OK, await CallAsync(gateway, key: secret));
        await WaitForLogAsync(gateway, "Virtual keys are required but none is active");
    }

    private static async Task<HttpStatusCode> CallAsync(GatewayServer gateway, string? key)
    {
        using var request = Wire.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""");
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await gateway.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Waits for a line the gateway logs (its console output reaches the test a little after the event).</summary>
    private static Task WaitForLogAsync(GatewayServer gateway, string text) =>
        Poll.UntilAsync(() => Task.FromResult(gateway.Output.Contains(text, StringComparison.Ordinal) ? gateway.Output : null), TimeSpan.FromSeconds(15), $"the log line '{text}'");

    private static IEnumerable<int> Occurrences(string text, string part)
    {
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            yield return at;
        }
    }
}
