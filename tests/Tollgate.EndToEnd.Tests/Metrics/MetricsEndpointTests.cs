using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Core.Ledger;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Metrics;

/// <summary>
/// <c>GET /metrics</c> of a real gateway after real traffic from the official SDKs through the simulated provider:
/// its numbers agree with the ledger (<c>/admin/spend</c>, <c>/admin/requests/{id}</c>), it parses as the Prometheus
/// text format, it asks for the admin key unless configured open, and its labels stop growing at the configured cap.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MetricsEndpointTests(GatewayFixture fixture)
{
    private const string AdminKey = "admin-key-for-metrics";
    private const double Cents = 1e-9;

    [Fact]
    public async Task A_scrape_after_real_traffic_agrees_with_the_ledger()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment =
            {
                ["Tollgate__Resilience__MaxRetries"] = "0",
                ["Tollgate__Resilience__CircuitBreaker__Enabled"] = "false",
                ["Tollgate__Budgets__0__Id"] = "monthly",
                ["Tollgate__Budgets__0__LimitUsd"] = "5",
                ["Tollgate__Budgets__0__Period"] = "month",
            },
        });
        var key = await gateway.CreateKeyAsync("support-bot", feature: "support", team: "care");
        var chat = SdkClients.OpenAIChat(gateway.BaseAddress, apiKey: key);
        var deterministic = new ChatCompletionOptions { Temperature = 0f };
        var first = await chat.CompleteChatAsync([new UserChatMessage("Where is my card?")], deterministic);
        await Poll.UntilAsync(async () => await CacheEntriesAsync(gateway) >= 1, TimeSpan.FromSeconds(15), "the first answer in the cache");
        var second = await chat.CompleteChatAsync([new UserChatMessage("Where is my card?")], deterministic);
        await SdkClients.Anthropic(gateway.BaseAddress, apiKey: key).Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 40,
            Messages = [new UserMessageParam("How do I reset my PIN?")],
        });
        var failed = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Hello [[fault:500]]")]));
        Assert.Equal(500, failed.Status);
        var unauthenticated = await Assert.ThrowsAsync<ClientResultException>(() => SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, unauthenticated.Status);

        var hit = await gateway.WaitForSettledEntryAsync(RequestId(second));
        Assert.Equal("hit", hit.CacheStatus);
        var miss = await gateway.WaitForSettledEntryAsync(RequestId(first));
        var spend = await SpendAsync(gateway);
        var scrape = await ScrapeAsync(gateway, AdminKey);

        var totals = spend.Totals;
        Assert.Equal(4L, totals.Requests);
        Assert.Equal(totals.Requests, scrape.Sum("tollgate_requests_total"));
        Assert.Equal(totals.Requests, scrape.Sum("tollgate_requests_total", ("feature", "support"), ("team", "care")));
        Assert.Equal(totals.InputTokens, scrape.Sum("tollgate_tokens_total", ("type", "input")));
        Assert.Equal(totals.OutputTokens, scrape.Sum("tollgate_tokens_total", ("type", "output")));
        Assert.Equal(totals.CachedInputTokens, scrape.Sum("tollgate_tokens_total", ("type", "cached")));
        Assert.Equal((double)totals.CostUsd!.Value, scrape.Sum("tollgate_cost_usd_total"), Cents);
        Assert.Equal((double)totals.BaselineCostUsd!.Value, scrape.Sum("tollgate_baseline_cost_usd_total"), Cents);
        Assert.Equal((double)hit.BaselineCostUsd!.Value, scrape.Sum("tollgate_savings_usd_total", ("lever", Levers.Exact)), Cents);
        Assert.Equal(1, scrape.Sum("tollgate_cache_requests_total", ("result", "hit"), ("model", hit.ServedModel!)));
        Assert.Equal(1, scrape.Sum("tollgate_cache_requests_total", ("result", "miss"), ("model", miss.ServedModel!)));
        Assert.Equal(0.5, scrape.Sum("tollgate_cache_hit_ratio", ("kind", Levers.Exact)));
        Assert.Equal(1, scrape.Sum("tollgate_errors_total", ("type", "server_error")));
        Assert.Equal(1, scrape.Sum("tollgate_requests_refused_total"));

        // Every request has an overhead; only those that called a provider have an upstream time.
        Assert.Equal(totals.Requests, scrape.Sum("tollgate_gateway_overhead_seconds_count"));
        Assert.Equal(totals.Requests - 1, scrape.Sum("tollgate_upstream_latency_seconds_count"));
        Assert.Equal(totals.Requests, scrape.Sum("tollgate_gateway_overhead_seconds_count", ("feature", "support"), ("team", "care")));
        Assert.Equal(totals.Requests - 1, scrape.Sum("tollgate_upstream_latency_seconds_count", ("feature", "support"), ("team", "care")));
        Assert.Equal("histogram", scrape.Types["tollgate_upstream_latency_seconds"]);

        // The budget counts what the settled requests cost (the failed call cost nothing).
        Assert.Equal((double)totals.CostUsd.Value, scrape.Sum("tollgate_budget_spent_usd", ("budget", "monthly")), Cents);
        Assert.Equal(5, scrape.Sum("tollgate_budget_limit_usd", ("budget", "monthly")));
        Assert.Equal((double)totals.CostUsd.Value / 5, scrape.Sum("tollgate_budget_utilisation_ratio", ("budget", "monthly")), Cents);
        Assert.DoesNotContain(key, scrape.Samples.SelectMany(sample => sample.Labels.Values));
    }

    [Fact]
    public async Task Metrics_ask_for_the_admin_key_unless_configured_open()
    {
        await using var closed = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { AdminKey = AdminKey });
        await using var open = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            AdminKey = AdminKey,
            Environment = { ["Tollgate__Metrics__Open"] = "true" },
        });

        using var refused = await closed.Http.GetAsync("metrics");
        using var wrongKey = await SendAsync(closed, "not-the-admin-key");
        using var allowed = await SendAsync(closed, AdminKey);
        using var anyone = await open.Http.GetAsync("metrics");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (refused.StatusCode, wrongKey.StatusCode));
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Missing or wrong admin key: send 'Authorization: Bearer $TOLLGATE_ADMIN_KEY'.", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (allowed.StatusCode, anyone.StatusCode));
        Assert.StartsWith("text/plain; version=0.0.4", allowed.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        PrometheusScrape.Parse(await anyone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Feature_values_past_the_cap_are_counted_as_other()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__Metrics__MaxLabelValues"] = "2", ["Tollgate__Metrics__Open"] = "true" },
        });

        string[] features = ["alpha", "beta", "gamma", "delta", "epsilon"];
        foreach (var feature in features)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", MediaTypeHeaderValue.Parse("application/json")),
            };
            request.Headers.Add("x-tollgate-feature", feature);
            using var response = await gateway.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await gateway.WaitForLedgerCommitsAsync();
        var scrape = await ScrapeAsync(gateway, adminKey: null);
        var byFeature = scrape.Find("tollgate_requests_total").GroupBy(sample => sample.Labels["feature"]).ToDictionary(group => group.Key, group => group.Sum(sample => sample.Value));

        Assert.Equal(new Dictionary<string, double> { ["alpha"] = 1, ["beta"] = 1, ["other"] = 3 }, byFeature);
        var latencyByFeature = scrape.Find("tollgate_upstream_latency_seconds_count").GroupBy(sample => sample.Labels["feature"]).ToDictionary(group => group.Key, group => group.Sum(sample => sample.Value));
        Assert.Equal(byFeature, latencyByFeature);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_configured_each_request_is_exported_as_a_genai_span()
    {
        await using var collector = await WebhookReceiver.StartAsync("otlp");
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__Metrics__OtlpEndpoint"] = collector.Url.ToString() },
        });

        var answer = await SdkClients.OpenAIChat(gateway.BaseAddress).CompleteChatAsync([new UserChatMessage("Name a river.")]);
        var requestId = RequestId(answer);

        // OTLP over HTTP is protobuf, whose strings travel as UTF-8: the span's attributes can be found in the body.
        var traces = await Poll.UntilAsync(
            () => Task.FromResult(collector.Received.FirstOrDefault(post => post.Path == "/otlp/v1/traces" && post.BodyText.Contains(requestId, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "the span of " + requestId + " at the collector");
        Assert.Equal("application/x-protobuf", traces.Header("content-type"));
        foreach (var text in new[] { "chat " + SdkClients.OpenAIModel, "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.provider.name", "tollgate" })
        {
            Assert.Contains(text, traces.BodyText, StringComparison.Ordinal);
        }
    }

    private static string RequestId<T>(ClientResult<T> result) =>
        result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var id) ? id! : throw new InvalidOperationException("no x-tollgate-request-id");

    private static async Task<HttpResponseMessage> SendAsync(GatewayServer gateway, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return await gateway.Http.SendAsync(request);
    }

    private static async Task<long> CacheEntriesAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/cache");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return stats.RootElement.GetProperty("entries").GetInt64();
    }

    private static async Task<SpendReport> SpendAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=feature");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<SpendReport>(await response.Content.ReadAsStringAsync(), GatewayServer.AdminJson)!;
    }

    private static async Task<PrometheusScrape> ScrapeAsync(GatewayServer gateway, string? adminKey)
    {
        using var response = adminKey is null ? await gateway.Http.GetAsync("metrics") : await SendAsync(gateway, adminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }
}
