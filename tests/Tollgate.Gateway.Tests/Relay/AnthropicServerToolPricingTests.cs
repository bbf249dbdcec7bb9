using System.Globalization;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// Anthropic's server-side web search is billed per search (<c>usage.server_tool_use.web_search_requests</c>), on top of
/// the tokens: the row and the header carry both, priced from the catalog's <c>tool_calls</c>, in a whole answer and in
/// a stream's final <c>message_delta</c>.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class AnthropicServerToolPricingTests(GoldenGatewayFixture fixture)
{
    private const string Path = "v1/messages";
    private const string Search = """{"model":"claude-sonnet-4-5","max_tokens":1024,"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":1}],"messages":[{"role":"user","content":"Wie hoch steht der Rhein bei Kaub?"}]}""";
    private const string SearchStream = """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":1}],"messages":[{"role":"user","content":"Wie hoch steht der Rhein bei Kaub?"}]}""";

    [Fact]
    public async Task Web_search_of_a_whole_answer_is_priced_per_search_on_top_of_the_tokens()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/message-web-search.json"), Path, Search);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // claude-sonnet-4-5: 9,814 × 3 + 152 × 15 = 29,442 + 2,280 = 31,722 per million = $0.031722 of tokens,
        // plus one search at Anthropic's $0.01 per search = $0.041722.
        RelayAssert.SameBytes(GoldenFiles.Read("anthropic/message-web-search.json"), call.Body);
        Assert.Equal(9_814, entry.InputTokens);
        Assert.Equal(152, entry.OutputTokens);
        Assert.Equal(0.041722m, entry.CostUsd);
        Assert.Equal(0.041722m, entry.BaselineCostUsd);
        Assert.Equal(0.041722m, decimal.Parse(call.Header("x-tollgate-cost-usd")!, CultureInfo.InvariantCulture));
        Assert.Null(entry.Warning);
    }

    [Fact]
    public async Task Web_search_reported_in_the_final_message_delta_is_priced_per_search()
    {
        var file = "anthropic/message-stream-web-search.sse";
        var call = await fixture.CallAsync(new GoldenResponse(file), Path, SearchStream);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // 10,682 × 3 + 164 × 15 = 32,046 + 2,460 = 34,506 per million = $0.034506, plus one search at $0.01.
        Assert.True(call.EndedCleanly);
        Assert.Equal(0.044506m, entry.CostUsd);
        RelayAssert.SameBytes(CostComments.Insert(GoldenFiles.Read(file), 0.044506m), call.Body);
        Assert.Null(entry.Warning);
    }
}
