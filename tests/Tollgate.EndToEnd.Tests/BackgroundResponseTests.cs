// The official SDK marks its Responses client experimental (OPENAI001); these tests drive it as it ships.
#pragma warning disable OPENAI001

using System.Text.Json;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Background responses (<c>background: true</c>) are answered <c>queued</c>, with no usage: their row first says the
/// usage is to come, with an unknown cost, then is settled in place once the response has ended, by the gateway asking
/// the provider, by a client's own retrieval or cancel through the gateway, or after a restart, from the store.
/// </summary>
public sealed class BackgroundResponseTests(BackgroundResponseFixture fixture) : IClassFixture<BackgroundResponseFixture>
{
    private const string PendingWarning = "background response: usage is settled when the response completes; cost unknown until then";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static CreateResponseOptions Background(string text)
    {
        var options = ResponseOwnershipTests.Ask(text);
        options.BackgroundModeEnabled = true;
        return options;
    }

    [Fact]
    public async Task The_row_says_usage_is_pending_then_the_gateway_settles_it_from_the_provider_with_no_client_retrieval()
    {
        var (client, ids) = ResponseOwnershipTests.Clients(fixture.Polling, "sk-unused");
        ResponseResult queued = await client.CreateResponseAsync(Background("Work on this in the background."));
        var requestId = ids.LastRequestId!;
        var first = await fixture.Polling.GetLedgerEntryAsync(requestId);

        var settled = await SettledAsync(fixture.Polling, requestId);
        var (input, output, model) = await ProviderUsageAsync(queued.Id);

        Assert.Equal(ResponseStatus.Queued, queued.Status);
        Assert.NotNull(first);
        Assert.Equal(200, first.Status);
        Assert.Null(first.CostUsd);
        Assert.Equal(PendingWarning, first.Warning);
        Assert.Equal(0, first.InputTokens);
        Assert.Equal(input, settled.InputTokens);
        Assert.Equal(output, settled.OutputTokens);
        Assert.Equal(model, settled.ServedModel);
        Assert.Equal(PublishedPrices.Gpt4oMini(input, output), settled.CostUsd);
        Assert.Null(settled.Warning);
        Assert.Null(settled.ErrorType);
        Assert.Equal(200, settled.Status);
        Assert.Contains(await fixture.Simulator.GetRequestsAsync(requestId), call => call.Path.Contains(queued.Id, StringComparison.Ordinal)); // the gateway asked
    }

    [Fact]
    public async Task A_clients_own_retrieval_showing_the_response_ended_settles_the_row_at_once()
    {
        var (client, ids) = ResponseOwnershipTests.Clients(fixture.Patient, "sk-unused");
        ResponseResult queued = await client.CreateResponseAsync(Background("Retrieve me when done."));
        var requestId = ids.LastRequestId!;

        var done = await Poll.UntilAsync(
            async () => (ResponseResult)await client.GetResponseAsync(queued.Id) is { Status: ResponseStatus.Completed } r ? r : null,
            SettleTimeout,
            "the background response to complete");
        var settled = await SettledAsync(fixture.Patient, requestId);

        Assert.Equal(PublishedPrices.Gpt4oMini(done.Usage.InputTokenCount, done.Usage.OutputTokenCount), settled.CostUsd);
        Assert.Equal(done.Usage.OutputTokenCount, settled.OutputTokens);
        Assert.Null(settled.Warning);
        Assert.Single(await fixture.Simulator.GetRequestsAsync(requestId)); // the create alone: the gateway never asked
    }

    [Fact]
    public async Task A_gateway_restarted_while_a_response_is_pending_settles_it_after_the_restart()
    {
        using var data = new TemporaryDirectory();
        string requestId, responseId;
        await using (var before = await BackgroundResponseFixture.StartGatewayAsync(fixture.Simulator, pollSeconds: "86400", data.Path))
        {
            var (client, ids) = ResponseOwnershipTests.Clients(before, "sk-unused");
            responseId = (await client.CreateResponseAsync(Background("Survive a restart."))).Value.Id;
            requestId = ids.LastRequestId!;
            var totals = await SpendTotalsAsync(before);
            Assert.Equal(1, totals.GetProperty("unpriced_requests").GetInt64()); // unknown, not zero
            Assert.False(totals.GetProperty("complete").GetBoolean());
            Assert.Equal(PendingWarning, (await before.GetLedgerEntryAsync(requestId))?.Warning);
        }

        await using var after = await BackgroundResponseFixture.StartGatewayAsync(fixture.Simulator, pollSeconds: "0.2", data.Path);
        var settled = await SettledAsync(after, requestId);
        var (input, output, _) = await ProviderUsageAsync(responseId);
        var settledTotals = await SpendTotalsAsync(after);

        Assert.Equal(PublishedPrices.Gpt4oMini(input, output), settled.CostUsd);
        Assert.Null(settled.Warning);
        Assert.Equal(0, settledTotals.GetProperty("unpriced_requests").GetInt64());
        Assert.Equal(settled.CostUsd, settledTotals.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Cancelling_a_background_response_settles_its_row_as_cancelled_with_the_cost_left_unknown()
    {
        await using var simulator = await SimulatorServer.StartAsync("--background-ms", "600000");
        await using var gateway = await BackgroundResponseFixture.StartGatewayAsync(simulator, pollSeconds: "86400");
        var (client, ids) = ResponseOwnershipTests.Clients(gateway, "sk-unused");
        ResponseResult queued = await client.CreateResponseAsync(Background("Cancel me."));
        var requestId = ids.LastRequestId!;

        ResponseResult cancelled = await client.CancelResponseAsync(queued.Id);
        var settled = await Poll.UntilAsync(
            async () => await gateway.GetLedgerEntryAsync(requestId) is { Warning: { } w } e && !w.Contains(PendingWarning, StringComparison.Ordinal) ? e : null,
            SettleTimeout,
            "the cancelled response's row to settle");

        Assert.Equal(ResponseStatus.Cancelled, cancelled.Status);
        Assert.Null(settled.CostUsd); // the provider reported no usage: unknown, never zero
        Assert.Equal("background response cancelled; the provider reported no usage, cost unknown", settled.Warning);
        Assert.Null(settled.ErrorType);
    }

    private static Task<LedgerEntry> SettledAsync(GatewayServer gateway, string requestId) =>
        Poll.UntilAsync(
            async () => await gateway.GetLedgerEntryAsync(requestId) is { CostUsd: not null } entry ? entry : null,
            SettleTimeout,
            $"the background row {requestId} to be settled with its usage");

    private async Task<(long Input, long Output, string Model)> ProviderUsageAsync(string responseId)
    {
        var body = await fixture.Simulator.Http.GetStringAsync("v1/responses/" + responseId);
        var root = JsonDocument.Parse(body).RootElement;
        var usage = root.GetProperty("usage");
        return (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64(), root.GetProperty("model").GetString()!);
    }

    private static async Task<JsonElement> SpendTotalsAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/spend?group_by=model");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("totals").Clone();
    }
}
