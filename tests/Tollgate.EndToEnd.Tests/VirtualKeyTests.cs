using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>A gateway with virtual keys: who may call, who a call is attributed to, and who may read the ledger.</summary>
public sealed partial class VirtualKeyTests(KeyedGatewayFixture fixture) : IClassFixture<KeyedGatewayFixture>
{
    private const string OpenAIBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"attribute me"}]}""";

    private GatewayServer Gateway => fixture.Gateway;

    [Fact]
    public async Task A_missing_or_wrong_key_is_refused_with_401_in_each_protocols_shape()
    {
        var openAI = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(Gateway.BaseAddress, apiKey: "tg-not-a-real-key").CompleteChatAsync([new UserChatMessage("hi")]));
        var anthropic = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => SdkClients.Anthropic(Gateway.BaseAddress, apiKey: "sk-ant-whatever").Messages.Create(
            new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 10, Messages = [new UserMessageParam("hi")] }));
        using var bare = await Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", OpenAIBody));
        using var bareAnthropic = await Gateway.Http.SendAsync(Wire.Post("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(401, openAI.Status);
        Assert.Equal("invalid_api_key", Wire.Parse(openAI.GetRawResponse()!.Content.ToString()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anthropic.StatusCode);
        Assert.Equal("authentication_error", Wire.Parse(anthropic.ResponseBody).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal("invalid_api_key", Wire.Parse(await bare.Content.ReadAsStringAsync()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, bareAnthropic.StatusCode);
        Assert.Equal("error", Wire.Parse(await bareAnthropic.Content.ReadAsStringAsync()).GetProperty("type").GetString());
        Assert.Equal(401, (await Gateway.GetLedgerEntryAsync(Wire.Header(bare, "x-tollgate-request-id")))!.Status);
    }

    [Fact]
    public async Task The_right_key_is_accepted_as_a_bearer_token_and_as_x_api_key()
    {
        ClientResult<ChatCompletion> openAI = await SdkClients.OpenAIChat(Gateway.BaseAddress, apiKey: fixture.PlainKey).CompleteChatAsync([new UserChatMessage("hi")]);
        using var anthropic = await SdkClients.Anthropic(Gateway.BaseAddress, apiKey: fixture.PlainKey).WithRawResponse.Messages.Create(
            new MessageCreateParams { Model = SdkClients.AnthropicModel, MaxTokens = 10, Messages = [new UserMessageParam("hi")] });

        Assert.True(openAI.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var openAIRequest));
        Assert.Equal("plain-service", (await Gateway.GetLedgerEntryAsync(openAIRequest!))!.KeyName);
        Assert.True(anthropic.IsSuccessStatusCode);
        var anthropicRequest = Assert.Single(anthropic.GetHeaderValues("x-tollgate-request-id"));
        Assert.Equal("plain-service", (await Gateway.GetLedgerEntryAsync(anthropicRequest))!.KeyName);
    }

    [Fact]
    public async Task Attribution_takes_the_key_first_then_the_tollgate_headers_then_the_body()
    {
        const string userBody = """{"model":"gpt-4o-mini","user":"body-user","messages":[{"role":"user","content":"attribute me"}]}""";
        const string anthropicBody = """{"model":"claude-haiku-4-5","max_tokens":10,"metadata":{"user_id":"body-user-a"},"messages":[{"role":"user","content":"attribute me"}]}""";
        var headers = new Dictionary<string, string> { ["x-tollgate-user"] = "header-user", ["x-tollgate-feature"] = "header-feature", ["x-tollgate-team"] = "header-team" };

        var byKey = await CallAsync("v1/chat/completions", userBody, bearer: fixture.AttributedKey, headers: headers);
        var byHeaders = await CallAsync("v1/chat/completions", userBody, bearer: fixture.PlainKey, headers: headers);
        var byBody = await CallAsync("v1/chat/completions", userBody, bearer: fixture.PlainKey);
        var byAnthropicBody = await CallAsync("v1/messages", anthropicBody, apiKey: fixture.PlainKey);

        Assert.Equal(("key-user", "search", "core", "search-service"), (byKey.User, byKey.Feature, byKey.Team, byKey.KeyName));
        Assert.Equal(("header-user", "header-feature", "header-team", "plain-service"), (byHeaders.User, byHeaders.Feature, byHeaders.Team, byHeaders.KeyName));
        Assert.Equal(("body-user", null, null), (byBody.User, byBody.Feature, byBody.Team));
        Assert.Equal("body-user-a", byAnthropicBody.User);
    }

    [Theory]
    [InlineData("feature", "spend-feature")]
    [InlineData("user", "spend-user")]
    [InlineData("team", "spend-team")]
    [InlineData("key", "plain-service")]
    [InlineData("model", "gpt-4o-mini")]
    public async Task Spend_is_grouped_as_asked_in_the_documented_row_shape(string groupBy, string expectedGroup)
    {
        var headers = new Dictionary<string, string> { ["x-tollgate-user"] = "spend-user", ["x-tollgate-feature"] = "spend-feature", ["x-tollgate-team"] = "spend-team" };
        var entry = await CallAsync("v1/chat/completions", OpenAIBody, bearer: fixture.PlainKey, headers: headers);

        var rows = (await GetSpendAsync($"admin/spend?group_by={groupBy}&since={Uri.EscapeDataString(fixture.StartedAt.ToString("O"))}")).GetProperty("rows");
        var future = await GetSpendAsync($"admin/spend?group_by={groupBy}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}&until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(2).ToString("O"))}");

        Assert.Empty(future.GetProperty("rows").EnumerateArray());
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(
                ["baseline_cost_usd", "cache_write_tokens", "cached_input_tokens", "cost_usd", "discount_usd", "group", "input_tokens", "output_tokens", "requests", "saved_usd", "unpriced_requests"],
                row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.DoesNotContain("tg-", row.GetProperty("group").ToString(), StringComparison.Ordinal);
        }

        var group = rows.EnumerateArray().Single(row => row.GetProperty("group").GetString() == expectedGroup);
        Assert.True(group.GetProperty("requests").GetInt64() >= 1);
        Assert.True(group.GetProperty("input_tokens").GetInt64() >= entry.InputTokens);
        Assert.True(group.GetProperty("cost_usd").GetDecimal() >= entry.CostUsd!.Value);
    }

    [Fact]
    public async Task Admin_routes_require_the_admin_key()
    {
        async Task<HttpStatusCode> GetSpendAs(string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "admin/spend?group_by=key");
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await Gateway.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await GetSpendAs(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetSpendAs("wrong-admin-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetSpendAs(fixture.PlainKey));
        Assert.Equal(HttpStatusCode.OK, await GetSpendAs(KeyedGatewayFixture.AdminKey));
        using var keys = await Gateway.Http.GetAsync("admin/keys");
        Assert.Equal(HttpStatusCode.Unauthorized, keys.StatusCode);
    }

    [Fact]
    public async Task Keys_made_with_the_cli_work_on_the_running_gateway_and_a_revoked_one_is_refused_within_seconds()
    {
        var created = await TollgateProcess.RunAsync(["keys", "create", "--data-dir", Gateway.DataDirectory, "--name", "cli-key", "--feature", "cli"]);
        Assert.True(created.ExitCode == 0, created.Output);
        var secret = VirtualKey().Match(created.Output).Value;
        Assert.StartsWith("tg-", secret, StringComparison.Ordinal);

        var accepted = await Poll.UntilAsync(
            async () => await TryCallAsync(secret) is { StatusCode: HttpStatusCode.OK } response ? response : null,
            TimeSpan.FromSeconds(15),
            "the gateway to accept the key made by the CLI");
        Assert.Equal("cli", (await Gateway.GetLedgerEntryAsync(Wire.Header(accepted, "x-tollgate-request-id")))!.Feature);
        accepted.Dispose();

        var listed = await TollgateProcess.RunAsync(["keys", "list", "--data-dir", Gateway.DataDirectory]);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(listed.Output.Split('\n'), line => line.Contains("cli-key", StringComparison.Ordinal) && line.Contains("active", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);

        var revoked = await TollgateProcess.RunAsync(["keys", "revoke", "--data-dir", Gateway.DataDirectory, "cli-key"]);
        Assert.True(revoked.ExitCode == 0, revoked.Output);
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await TryCallAsync(secret);
                return response.StatusCode == HttpStatusCode.Unauthorized;
            },
            TimeSpan.FromSeconds(15),
            "the gateway to refuse the revoked key");
        var relisted = await TollgateProcess.RunAsync(["keys", "list", "--data-dir", Gateway.DataDirectory]);
        Assert.Contains(relisted.Output.Split('\n'), line => line.Contains("cli-key", StringComparison.Ordinal) && line.Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Neither_provider_keys_nor_virtual_keys_appear_in_responses_or_logs()
    {
        var seen = new StringBuilder();
        async Task Record(HttpRequestMessage request)
        {
            using var response = await Gateway.Http.SendAsync(request);
            seen.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
        }

        foreach (var key in new[] { fixture.PlainKey, fixture.AttributedKey, "tg-wrong" })
        {
            var openAI = Wire.Post("v1/chat/completions", OpenAIBody);
            openAI.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await Record(openAI);
            var anthropic = Wire.Post("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");
            anthropic.Headers.Add("x-api-key", key);
            await Record(anthropic);
        }

        await Record(Gateway.AdminRequest(HttpMethod.Get, "admin/keys"));
        await Record(Gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=key"));
        await Record(new HttpRequestMessage(HttpMethod.Get, "healthz"));

        var everything = seen + Gateway.Output;
        foreach (var secret in new[] { GatewayServer.OpenAIProviderKey, GatewayServer.AnthropicProviderKey, fixture.PlainKey, fixture.AttributedKey, KeyedGatewayFixture.AdminKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> TryCallAsync(string key)
    {
        var request = Wire.Post("v1/chat/completions", OpenAIBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Gateway.Http.SendAsync(request);
    }

    private async Task<Tollgate.Core.Ledger.LedgerEntry> CallAsync(string path, string body, string? bearer = null, string? apiKey = null, Dictionary<string, string>? headers = null)
    {
        using var request = Wire.Post(path, body);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        using var response = await Gateway.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await Gateway.GetLedgerEntryAsync(Wire.Header(response, "x-tollgate-request-id")))!;
    }

    private async Task<JsonElement> GetSpendAsync(string path)
    {
        using var request = Gateway.AdminRequest(HttpMethod.Get, path);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Wire.Parse(text);
    }

    [GeneratedRegex(@"tg-[A-Za-z0-9_\-]+")]
    private static partial Regex VirtualKey();
}
