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
    private const string UserBody = """{"model":"gpt-4o-mini","user":"body-user","messages":[{"role":"user","content":"attribute me"}]}""";

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
        Assert.Null(await Gateway.GetLedgerEntryAsync(Wire.Header(bare, "x-tollgate-request-id"))); // refused before identification: no row
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
    public async Task A_keys_attribution_is_authoritative_and_headers_naming_another_are_ignored()
    {
        var headers = new Dictionary<string, string> { ["x-tollgate-user"] = "header-user", ["x-tollgate-feature"] = "header-feature", ["x-tollgate-team"] = "header-team" };

        var byKey = await CallAsync("v1/chat/completions", UserBody, bearer: fixture.AttributedKey, headers: headers);
        var plain = await CallAsync("v1/chat/completions", UserBody, bearer: fixture.PlainKey, headers: headers);

        Assert.Equal(("key-user", "search", "core", "search-service"), (byKey.User, byKey.Feature, byKey.Team, byKey.KeyName));
        Assert.Equal((null, null, null, "plain-service"), (plain.User, plain.Feature, plain.Team, plain.KeyName));
        Assert.Contains("x-tollgate-team ignored: key 'plain-service' does not leave the team open", plain.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_and_then_the_body_attribute_only_what_the_key_leaves_open()
    {
        const string anthropicBody = """{"model":"claude-haiku-4-5","max_tokens":10,"metadata":{"user_id":"body-user-a"},"messages":[{"role":"user","content":"attribute me"}]}""";
        var headers = new Dictionary<string, string> { ["x-tollgate-user"] = "header-user", ["x-tollgate-feature"] = "header-feature", ["x-tollgate-team"] = "header-team" };

        var byHeaders = await CallAsync("v1/chat/completions", UserBody, bearer: fixture.OpenKey, headers: headers);
        var byBody = await CallAsync("v1/chat/completions", UserBody, bearer: fixture.OpenKey);
        var byAnthropicBody = await CallAsync("v1/messages", anthropicBody, apiKey: fixture.OpenKey);
        var closedToTheBody = await CallAsync("v1/messages", anthropicBody, apiKey: fixture.PlainKey);

        Assert.Equal(("header-user", "header-feature", "header-team", "open-service"), (byHeaders.User, byHeaders.Feature, byHeaders.Team, byHeaders.KeyName));
        Assert.Null(byHeaders.Warning);
        Assert.Equal(("body-user", null, null), (byBody.User, byBody.Feature, byBody.Team));
        Assert.Equal("body-user-a", byAnthropicBody.User);
        Assert.Null(closedToTheBody.User);
    }

    [Theory]
    [InlineData("feature", "spend-feature")]
    [InlineData("user", "spend-user")]
    [InlineData("team", "spend-team")]
    [InlineData("key", "open-service")]
    [InlineData("model", "gpt-4o-mini")]
    public async Task Spend_is_grouped_as_asked_in_the_documented_row_shape(string groupBy, string expectedGroup)
    {
        var headers = new Dictionary<string, string> { ["x-tollgate-user"] = "spend-user", ["x-tollgate-feature"] = "spend-feature", ["x-tollgate-team"] = "spend-team" };
        var entry = await CallAsync("v1/chat/completions", OpenAIBody, bearer: fixture.OpenKey, headers: headers);

        var rows = (await GetSpendAsync($"admin/spend?group_by={groupBy}&since={Uri.EscapeDataString(fixture.StartedAt.ToString("O"))}")).GetProperty("rows");
        var future = await GetSpendAsync($"admin/spend?group_by={groupBy}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}&until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(2).ToString("O"))}");

        Assert.Empty(future.GetProperty("rows").EnumerateArray());
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(
                ["baseline_cost_usd", "cache_write_tokens", "cached_input_tokens", "cost_per_usable_output_usd", "cost_usd", "discount_usd", "group", "hits", "input_tokens", "output_tokens", "requests", "saved_usd", "unpriced_requests", "usable_outputs", "waste_rate", "wasted_usd"],
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
    public async Task A_key_made_with_the_cli_lets_callers_name_only_the_fields_it_allows()
    {
        var created = await TollgateProcess.RunAsync(["keys", "create", "--data-dir", Gateway.DataDirectory, "--name", "cli-open", "--team", "cli-team", "--allow-header", "feature"]);
        Assert.True(created.ExitCode == 0, created.Output);
        var secret = VirtualKey().Match(created.Output).Value;
        var headers = new Dictionary<string, string> { ["x-tollgate-feature"] = "chosen-feature", ["x-tollgate-team"] = "other-team", ["x-tollgate-user"] = "someone" };

        var entry = await Poll.UntilAsync(
            async () =>
            {
                using var response = await TryCallAsync(secret, headers);
                return response.StatusCode == HttpStatusCode.OK ? await Gateway.GetLedgerEntryAsync(Wire.Header(response, "x-tollgate-request-id")) : null;
            },
            TimeSpan.FromSeconds(15),
            "the gateway to accept the key made by the CLI");

        Assert.Equal(("chosen-feature", "cli-team", null, "cli-open"), (entry.Feature, entry.Team, entry.User, entry.KeyName));
        var listed = await TollgateProcess.RunSeparatedAsync(["keys", "list", "--data-dir", Gateway.DataDirectory]);
        Assert.Contains(listed.StandardOutput.Split('\n'), line => line.StartsWith("vk_", StringComparison.Ordinal) && line.Contains("\tcli-open\t", StringComparison.Ordinal) && line.TrimEnd().EndsWith("\tfeature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_key_name_is_refused_with_409_by_the_api_and_one_clear_line_by_the_cli()
    {
        using var request = Gateway.AdminRequest(HttpMethod.Post, "admin/keys");
        request.Content = Wire.Json("""{"name":"plain-service"}""");
        using var response = await Gateway.Http.SendAsync(request);
        var cli = await TollgateProcess.RunSeparatedAsync(["keys", "create", "--data-dir", Gateway.DataDirectory, "--name", "plain-service"]);

        const string message = "An active virtual key named 'plain-service' already exists. Revoke it first or choose another name.";
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = Wire.Parse(await response.Content.ReadAsStringAsync()).GetProperty("error");
        Assert.Equal((message, "invalid_request_error", "conflict", "name"), (error.GetProperty("message").GetString(), error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Equal(1, cli.ExitCode);
        Assert.Equal("tollgate: " + message, cli.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd());
        Assert.Empty(cli.StandardOutput);
        Wire.AssertNoStackTrace(cli.StandardError);
        Wire.AssertNoStackTrace(Gateway.Output);
    }

    [Fact]
    public async Task Requests_refused_before_identification_write_no_ledger_row_and_are_logged_at_a_bounded_rate()
    {
        const string valid = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
        await Gateway.WaitForLedgerCommitsAsync();
        var rowsBefore = await LedgerFile.CountRowsAsync(Gateway.DataDirectory);
        var logBefore = Gateway.Output.Length;
        var started = DateTime.UtcNow;

        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 200; i++)
        {
            var credential = (i % 4) switch { 0 => null, 1 => "tg-wrong-" + i, 2 => "sk-provider-key", _ => fixture.PlainKey + "x" };
            refused.Add(await SendAsync(Wire.Post("v1/chat/completions", i % 10 == 9 ? "{not json" : valid), credential));
        }

        using var knownCallersBadBody = await SendAsync(Wire.Post("v1/chat/completions", "{not json"), fixture.AttributedKey);
        var elapsed = DateTime.UtcNow - started;

        await Gateway.WaitForLedgerCommitsAsync();
        Assert.Equal(rowsBefore + 1, await LedgerFile.CountRowsAsync(Gateway.DataDirectory)); // the known caller's bad request alone
        Assert.All(refused, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, knownCallersBadBody.StatusCode);
        var known = await Gateway.GetLedgerEntryAsync(Wire.Header(knownCallersBadBody, "x-tollgate-request-id"));
        Assert.Equal((400, "search-service", 0m), (known!.Status, known.KeyName, known.CostUsd));
        Assert.Null(await Gateway.GetLedgerEntryAsync(Wire.Header(refused[0], "x-tollgate-request-id")));

        // One line at once, then at most one summary per 10 s, however many were refused.
        var log = Gateway.Output[logBefore..];
        var lines = log.Split('\n').Count(line => line.Contains("before identifying", StringComparison.Ordinal));
        Assert.InRange(lines, 0, 3 + (int)(elapsed.TotalSeconds / 10));
        foreach (var response in refused)
        {
            response.Dispose();
        }

        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? bearer)
        {
            using (request)
            {
                if (bearer is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                return await Gateway.Http.SendAsync(request);
            }
        }
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

        foreach (var key in new[] { fixture.PlainKey, fixture.AttributedKey, fixture.OpenKey, "tg-wrong" })
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
        foreach (var secret in new[] { GatewayServer.OpenAIProviderKey, GatewayServer.AnthropicProviderKey, fixture.PlainKey, fixture.AttributedKey, fixture.OpenKey, KeyedGatewayFixture.AdminKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> TryCallAsync(string key, Dictionary<string, string>? headers = null)
    {
        var request = Wire.Post("v1/chat/completions", OpenAIBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

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
