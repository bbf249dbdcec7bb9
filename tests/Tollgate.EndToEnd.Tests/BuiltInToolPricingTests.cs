// The official SDK marks its Responses client experimental (OPENAI001). Tollgate must serve the clients applications
// actually use, so these tests drive that client as it ships; the warning is suppressed for this file only.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Built-in tools billed per call, through the gateway with the official SDK's Responses client in front of
/// <c>tollgate simulate</c> (which answers a <c>web_search</c> tool with a <c>web_search_call</c>): the row costs the
/// tokens plus the call at the provider's published per-call price, and a call the catalog cannot price leaves the
/// row marked incomplete, never priced at $0.
/// </summary>
public sealed class BuiltInToolPricingTests(ToolPricingGatewayFixture fixture) : IClassFixture<ToolPricingGatewayFixture>
{
    /// <summary>OpenAI's published price of the <c>web_search</c> tool: $10 per 1,000 calls.</summary>
    private const decimal WebSearchCall = 0.01m;

    [Fact]
    public async Task A_web_search_call_costs_the_tokens_plus_the_published_price_of_the_call()
    {
        var (response, entry, costHeader) = await SearchAsync("gpt-4o-mini");

        Assert.Single(response.OutputItems.OfType<WebSearchCallResponseItem>());
        Assert.Equal(response.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(response.Usage.OutputTokenCount, entry.OutputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(response.Usage.InputTokenCount, response.Usage.OutputTokenCount) + WebSearchCall, entry.CostUsd);
        Assert.Equal(entry.CostUsd, decimal.Parse(costHeader, CultureInfo.InvariantCulture));
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task A_web_search_call_of_a_provider_without_tool_prices_leaves_the_cost_marked_incomplete()
    {
        var (response, entry, costHeader) = await SearchAsync(ToolPricingGatewayFixture.UnpricedToolsModel);

        // The tokens at the pricing file's $1 / $2 per million; the search is named as unpriced, not added as $0 silently.
        Assert.Single(response.OutputItems.OfType<WebSearchCallResponseItem>());
        Assert.Equal((response.Usage.InputTokenCount * 1m + response.Usage.OutputTokenCount * 2m) / 1_000_000m, entry.CostUsd);
        Assert.Equal(entry.CostUsd, decimal.Parse(costHeader, CultureInfo.InvariantCulture));
        Assert.Equal("cost incomplete: the provider bills built-in tool calls per call and the pricing catalog lists no per-call price for 1 web_search_call", entry.Warning);
    }

    private async Task<(ResponseResult Response, LedgerEntry Entry, string CostHeader)> SearchAsync(string model)
    {
        var options = new ResponsesClientOptions { Endpoint = new Uri(fixture.Gateway.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        var client = new ResponsesClient(new ApiKeyCredential("sk-client-unused"), options);
        var ask = new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem("Wie hoch steht der Rhein in Basel?")]);
        ask.Tools.Add(ResponseTool.CreateWebSearchTool());

        ClientResult<ResponseResult> result = await client.CreateResponseAsync(ask);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-tollgate-request-id", out var requestId));
        Assert.True(headers.TryGetValue("x-tollgate-cost-usd", out var cost));
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        return (result.Value, entry, cost!);
    }
}
