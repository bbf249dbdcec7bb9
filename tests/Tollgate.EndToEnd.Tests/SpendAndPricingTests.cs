using System.Net;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// What an operator reads about money through the admin API of a real <c>tollgate serve</c>: the spend report, with
/// calls to unpriced models shown as such, the negotiated discount billed and kept apart from the levers' savings,
/// and <c>GET /admin/pricing</c>. Each test reports only the period of its own calls (tests of a class run one after
/// another).
/// </summary>
public sealed class SpendAndPricingTests(DiscountedGatewayFixture fixture) : IClassFixture<DiscountedGatewayFixture>
{
    private static readonly string[] FigureNames =
    [
        "requests", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
        "cost_usd", "baseline_cost_usd", "saved_usd", "discount_usd", "unpriced_requests", "hits",
        "usable_outputs", "wasted_usd", "cost_per_usable_output_usd", "waste_rate",
    ];

    [Fact]
    public async Task Spend_shows_calls_to_a_model_without_a_price_as_unpriced_and_never_as_free()
    {
        var since = DateTimeOffset.UtcNow;
        var priced = await ChatAsync("gpt-4o-mini");
        var unpriced = await ChatAsync("acme-unlisted-7b");
        await ChatAsync("acme-unlisted-7b");

        var report = await GetAsync($"admin/spend?group_by=model&since={Uri.EscapeDataString(since.ToString("O"))}");

        Assert.Equal(["group_by", "from", "to", "rows", "totals"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal("model", report.GetProperty("group_by").GetString());
        Assert.Equal(since, report.GetProperty("from").GetDateTimeOffset());
        Assert.True(report.GetProperty("to").GetDateTimeOffset() > since);
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.All(rows, row => Assert.Equal(["group", .. FigureNames], row.EnumerateObject().Select(p => p.Name)));

        // The priced model first, with what was paid; the unpriced one after it, with null money rather than $0.
        Assert.Equal(["gpt-4o-mini", "acme-unlisted-7b"], rows.Select(row => row.GetProperty("group").GetString()));
        Assert.Equal((1L, 0L, priced.CostUsd), (rows[0].GetProperty("requests").GetInt64(), rows[0].GetProperty("unpriced_requests").GetInt64(), rows[0].GetProperty("cost_usd").GetDecimal()));
        Assert.Equal((2L, 2L), (rows[1].GetProperty("requests").GetInt64(), rows[1].GetProperty("unpriced_requests").GetInt64()));
        Assert.All(["cost_usd", "baseline_cost_usd", "saved_usd", "discount_usd"], name => Assert.Equal(JsonValueKind.Null, rows[1].GetProperty(name).ValueKind));
        Assert.Null(unpriced.CostUsd);

        var totals = report.GetProperty("totals");
        Assert.Equal([.. FigureNames, "complete"], totals.EnumerateObject().Select(p => p.Name));
        Assert.Equal((3L, 2L, false), (totals.GetProperty("requests").GetInt64(), totals.GetProperty("unpriced_requests").GetInt64(), totals.GetProperty("complete").GetBoolean()));
        Assert.Equal(priced.CostUsd, totals.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task A_negotiated_discount_is_billed_and_reported_apart_from_what_the_levers_saved()
    {
        var since = DateTimeOffset.UtcNow;
        var openAI = await SdkClients.OpenAIChat(fixture.Gateway.BaseAddress).CompleteChatAsync([new UserChatMessage("What does a discount change?")]);
        using var anthropic = await SdkClients.Anthropic(fixture.Gateway.BaseAddress).WithRawResponse.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 64,
            Messages = [new UserMessageParam("And for Claude?")],
        });
        var message = await anthropic.Deserialize();

        // Every OpenAI price at half, claude-haiku-4-5 at 20 % off; the baseline stays the list price.
        var openAIList = PublishedPrices.Gpt4oMini(openAI.Value.Usage.InputTokenCount, openAI.Value.Usage.OutputTokenCount);
        var haikuList = PublishedPrices.ClaudeHaiku45(message.Usage.InputTokens, message.Usage.OutputTokens);
        var openAICost = openAIList * DiscountedGatewayFixture.OpenAIMultiplier;
        var haikuCost = haikuList * DiscountedGatewayFixture.HaikuMultiplier;
        Assert.True(openAI.GetRawResponse().Headers.TryGetValue("x-tollgate-cost-usd", out var openAIHeader));
        Assert.Equal(openAICost, Wire.ParseCost(openAIHeader!));
        Assert.Equal(haikuCost, Wire.ParseCost(Assert.Single(anthropic.GetHeaderValues("x-tollgate-cost-usd"))));

        Assert.True(openAI.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var requestId));
        var row = (await fixture.Gateway.GetLedgerEntryAsync(requestId!))!;
        Assert.Equal((openAICost, openAIList), (row.CostUsd, row.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Discount, openAIList - openAICost)], row.Savings);
        Assert.Null(row.Lever);

        var byLever = await GetAsync($"admin/spend?group_by=lever&since={Uri.EscapeDataString(since.ToString("O"))}");
        var discount = Assert.Single(byLever.GetProperty("rows").EnumerateArray());
        Assert.Equal(("discount", 2L), (discount.GetProperty("group").GetString(), discount.GetProperty("requests").GetInt64()));
        Assert.Equal((0m, openAIList - openAICost + haikuList - haikuCost), (discount.GetProperty("saved_usd").GetDecimal(), discount.GetProperty("discount_usd").GetDecimal()));
        var totals = byLever.GetProperty("totals");
        Assert.Equal(
            (openAICost + haikuCost, openAIList + haikuList, 0m, openAIList - openAICost + haikuList - haikuCost),
            (totals.GetProperty("cost_usd").GetDecimal(), totals.GetProperty("baseline_cost_usd").GetDecimal(), totals.GetProperty("saved_usd").GetDecimal(), totals.GetProperty("discount_usd").GetDecimal()));
        Assert.True(totals.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Pricing_lists_the_catalog_date_the_discounts_the_prices_and_the_models_seen_without_a_price()
    {
        await ChatAsync("acme-unlisted-13b");
        await ChatAsync("gpt-4o-mini");

        var pricing = await GetAsync("admin/pricing");

        Assert.Equal("2026-11-23", pricing.GetProperty("as_of").GetString());
        Assert.EndsWith("+acme-contract-1", pricing.GetProperty("version").GetString(), StringComparison.Ordinal);
        var file = pricing.GetProperty("pricing_file");
        Assert.Equal((fixture.PricingFile, "acme-contract-1", "2026-12-01"), (file.GetProperty("name").GetString(), file.GetProperty("version").GetString(), file.GetProperty("as_of").GetString()));
        Assert.Equal(0.5m, pricing.GetProperty("discounts").GetProperty("providers").GetProperty("openai").GetDecimal());
        Assert.Equal(0.8m, pricing.GetProperty("discounts").GetProperty("models").GetProperty("claude-haiku-4-5").GetDecimal());

        var models = pricing.GetProperty("models").EnumerateArray().ToDictionary(model => model.GetProperty("model").GetString()!);
        var mini = models["gpt-4o-mini"];
        Assert.Contains("gpt-4o-mini-2024-07-18", mini.GetProperty("aliases").EnumerateArray().Select(alias => alias.GetString()));
        Assert.Equal(
            (0.5m, 0.15m, 0.075m, 0.60m, 0.30m),
            (mini.GetProperty("discount_multiplier").GetDecimal(),
                mini.GetProperty("list_prices").GetProperty("input_per_million").GetDecimal(), mini.GetProperty("billed_prices").GetProperty("input_per_million").GetDecimal(),
                mini.GetProperty("list_prices").GetProperty("output_per_million").GetDecimal(), mini.GetProperty("billed_prices").GetProperty("output_per_million").GetDecimal()));
        // Anthropic's 1-hour cache write is twice the input price; claude-haiku-4-5 pays 80 % of it, claude-sonnet-4-5 all of it.
        Assert.Equal((2m, 1.6m), (models["claude-haiku-4-5"].GetProperty("list_prices").GetProperty("cache_write_1h_per_million").GetDecimal(), models["claude-haiku-4-5"].GetProperty("billed_prices").GetProperty("cache_write_1h_per_million").GetDecimal()));
        Assert.Equal((6m, 6m), (models["claude-sonnet-4-5"].GetProperty("list_prices").GetProperty("cache_write_1h_per_million").GetDecimal(), models["claude-sonnet-4-5"].GetProperty("billed_prices").GetProperty("cache_write_1h_per_million").GetDecimal()));

        // Per-call tool prices, in USD per call: OpenAI's web search at its list price, with the provider's discount beside it.
        var tools = pricing.GetProperty("tool_calls").EnumerateArray().ToDictionary(tool => (tool.GetProperty("provider").GetString(), tool.GetProperty("tool").GetString()));
        Assert.Equal(
            (0.01m, 0.5m),
            (tools[("openai", "web_search")].GetProperty("per_call_usd").GetDecimal(), tools[("openai", "web_search")].GetProperty("provider_discount_multiplier").GetDecimal()));
        Assert.Equal(0.01m, tools[("anthropic", "web_search")].GetProperty("per_call_usd").GetDecimal());
        Assert.False(tools.ContainsKey(("openai", "image_generation")));

        var unpriced = pricing.GetProperty("unpriced_models").EnumerateArray().ToArray();
        var seen = Assert.Single(unpriced, model => model.GetProperty("model").GetString() == "acme-unlisted-13b");
        Assert.Equal(1L, seen.GetProperty("requests").GetInt64());
        Assert.True(seen.GetProperty("last_seen").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.DoesNotContain(unpriced, model => model.GetProperty("model").GetString() == "gpt-4o-mini");
    }

    [Theory]
    [InlineData("admin/spend?group_by=colour", "group_by", "feature, user, model, key, team, lever")]
    [InlineData("admin/spend?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "since", "since must be earlier than until")]
    [InlineData("admin/spend?until=tomorrow", "until", "until must be an ISO-8601 date or time")]
    public async Task Spend_refuses_a_grouping_or_period_it_cannot_report(string path, string param, string message)
    {
        using var response = await fixture.Gateway.Http.SendAsync(fixture.Gateway.AdminRequest(HttpMethod.Get, path));
        var error = Wire.Parse(await response.Content.ReadAsStringAsync()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>One chat completion through the gateway; returns its settled ledger row.</summary>
    private async Task<LedgerEntry> ChatAsync(string model)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"How much did this cost?"}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await fixture.Gateway.WaitForSettledEntryAsync(Wire.Header(response, "x-tollgate-request-id"));
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await fixture.Gateway.Http.SendAsync(fixture.Gateway.AdminRequest(HttpMethod.Get, path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /{path} answered {(int)response.StatusCode}: {text}");
        return Wire.Parse(text);
    }
}
