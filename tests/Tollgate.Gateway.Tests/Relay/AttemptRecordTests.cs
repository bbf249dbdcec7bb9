using Tollgate.Core.Ledger;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Relay;

/// <summary>
/// What the ledger keeps of each provider call: a call answered cleanly is the row itself (one attempt, no record
/// beneath it), one that failed gets a record saying how. Timeouts and unreachable providers are in
/// <see cref="UpstreamTimeoutTests"/> and <see cref="UnreachableProviderTests"/>.
/// </summary>
[Collection(GoldenRelayCollection.Name)]
public sealed class AttemptRecordTests(GoldenGatewayFixture fixture)
{
    private const string Completion = """{"model":"o4-mini","messages":[{"role":"user","content":"What is the invoice total?"}]}""";

    [Theory]
    [InlineData("openai/chat-completion.json", "v1/chat/completions", Completion)]
    [InlineData("anthropic/message-stream-text.sse", "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"Hello"}]}""")]
    public async Task Call_answered_cleanly_is_one_attempt_with_no_record_beneath_its_row(string file, string path, string json)
    {
        var call = await fixture.CallAsync(new GoldenResponse(file), path, json);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.Equal(1, entry.Attempts);
        Assert.Empty(entry.AttemptRecords);
    }

    [Fact]
    public async Task Provider_error_status_is_one_attempt_record_with_that_status_billed_nothing()
    {
        var call = await fixture.CallAsync(new GoldenResponse("anthropic/error-529-overloaded.json", 529), "v1/messages", """{"model":"claude-opus-4-1","max_tokens":1024,"messages":[{"role":"user","content":"Write a report."}]}""");
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        Assert.Equal(529, call.Status);
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(
            [new AttemptRecord { Number = 1, Provider = "anthropic", Model = "claude-opus-4-1", Status = 529, ErrorType = "overloaded_error", CostUsd = 0m }],
            WithoutLatency(entry.AttemptRecords));
        Assert.Equal(0m, entry.CostUsd);
    }

    [Fact]
    public async Task Answer_that_breaks_off_mid_body_is_one_attempt_record_with_the_providers_status_and_the_break()
    {
        var file = "openai/chat-completion.json";
        var call = await fixture.CallAsync(new GoldenResponse(file) { CutAt = GoldenFiles.OffsetOf(file, "\"usage\"") }, new GoldenDelivery(), "v1/chat/completions", Completion);
        var entry = await fixture.LedgerEntryAsync(call.RequestId);

        // The provider answered 200, so it may bill: the attempt carries the row's prompt estimate and its cost.
        Assert.Equal(502, call.Status);
        Assert.True(entry.InputTokens > 0, "The prompt the provider may have processed is counted.");
        Assert.Equal(
            [new AttemptRecord { Number = 1, Provider = "openai", Model = "o4-mini", Status = 200, ErrorType = "upstream_unreachable", InputTokens = entry.InputTokens, CostUsd = entry.CostUsd }],
            WithoutLatency(entry.AttemptRecords));
    }

    /// <summary>The records with their latency set aside: the tests say what was recorded, not how long it took.</summary>
    internal static IEnumerable<AttemptRecord> WithoutLatency(IEnumerable<AttemptRecord> records) => records.Select(record => record with { LatencyMs = 0 });
}
