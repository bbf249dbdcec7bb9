// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// Typed output retries with the official SDKs against the simulator: a whole answer that fails its JSON Schema is asked
/// for again (<c>Output:ValidationRetries</c>, one unless set), every attempt billed in the ledger, and the last answer
/// returned with its verdict; a stream is judged at its end and never asked again. The simulator answers prose for the
/// first N calls of a conversation carrying <c>[[invalid-json:N]]</c>, and always for <c>[[invalid-json]]</c>.
/// Features <c>no-retries</c> and <c>two-retries</c> set the count to 0 and 2 (<see cref="UsableOutputGateway"/>).
/// </summary>
[Collection(UsableOutputCollection.Name)]
public sealed class OutputRetryTests(UsableOutputGateway fixture)
{
    // gpt-4o-mini in the built-in pricing catalog: $0.15 per million input tokens, $0.60 per million output tokens.
    private const decimal InputPerMillion = 0.15m;
    private const decimal OutputPerMillion = 0.60m;

    [Fact]
    public async Task An_answer_that_fails_its_schema_once_is_asked_again_and_the_valid_one_returned_with_both_attempts_billed()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "retry-once";

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the boiler hums. [[invalid-json:1]]")], TicketRequests.Typed);

        using var answer = JsonDocument.Parse(result.Value.Content[0].Text);
        Assert.InRange(answer.RootElement.GetProperty("priority").GetInt32(), 1, 3);
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-valid"));
        var requestId = clients.Headers.LastRequestId!;
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((true, 2, 2), (entry.Valid, entry.Attempts, entry.AttemptRecords.Count));
        var (invalid, valid) = (entry.AttemptRecords[0], entry.AttemptRecords[1]);
        Assert.Equal((200, "invalid_output"), (invalid.Status, invalid.ErrorType));
        Assert.Equal((200, (string?)null), (valid.Status, valid.ErrorType));
        Assert.Equal(2, (await fixture.Simulator.GetRequestsAsync(requestId)).Count);

        // The answer the client got is the second attempt's: its usage is that attempt's, and the row's tokens too.
        Assert.Equal((result.Value.Usage.InputTokenCount, result.Value.Usage.OutputTokenCount), ((int)valid.InputTokens, (int)valid.OutputTokens));
        Assert.Equal((valid.InputTokens, valid.OutputTokens), (entry.InputTokens, entry.OutputTokens));

        // Each attempt billed at gpt-4o-mini's list price for its own tokens, the row the sum of both.
        Assert.True(invalid.InputTokens > 0 && invalid.OutputTokens > 0);
        Assert.Equal(Bill(invalid), invalid.CostUsd);
        Assert.Equal(Bill(valid), valid.CostUsd);
        var total = Bill(invalid) + Bill(valid);
        Assert.Equal(total, entry.CostUsd);
        Assert.Equal(total, Wire.ParseCost(CacheClients.Header(result, "x-tollgate-cost-usd")!));

        // The invalid attempt bought nothing: it is the feature's waste, the answer its one usable output.
        var spend = await fixture.SpendOfFeatureAsync("retry-once");
        Assert.Equal(1, spend.GetProperty("usable_outputs").GetInt64());
        Assert.Equal(Bill(invalid), spend.GetProperty("wasted_usd").GetDecimal());
        Assert.Equal(Math.Round(Bill(invalid) / total, 6), spend.GetProperty("waste_rate").GetDecimal());
    }

    [Fact]
    public async Task An_answer_that_keeps_failing_is_returned_after_the_configured_retries_marked_invalid_and_every_attempt_billed()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "two-retries";

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket, in prose please. [[invalid-json]]")], TicketRequests.Typed);

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(result.Value.Content[0].Text));
        Assert.Equal("false", CacheClients.Header(result, "x-tollgate-valid"));
        var requestId = clients.Headers.LastRequestId!;
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((false, 3), (entry.Valid, entry.Attempts));
        Assert.Equal(["invalid_output", "invalid_output", null], entry.AttemptRecords.Select(attempt => attempt.ErrorType));
        Assert.All(entry.AttemptRecords, attempt => Assert.Equal(Bill(attempt), attempt.CostUsd));
        Assert.Equal(entry.AttemptRecords.Sum(attempt => Bill(attempt)), entry.CostUsd);
        Assert.Equal(3, (await fixture.Simulator.GetRequestsAsync(requestId)).Count);

        // Nothing usable came of any of them: the whole row is waste.
        var spend = await fixture.SpendOfFeatureAsync("two-retries");
        Assert.Equal((0L, entry.CostUsd), (spend.GetProperty("usable_outputs").GetInt64(), spend.GetProperty("wasted_usd").GetDecimal()));
        Assert.Equal(1m, spend.GetProperty("waste_rate").GetDecimal());
    }

    [Fact]
    public async Task With_no_retries_configured_an_invalid_answer_is_returned_at_once()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "no-retries";

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the door squeaks. [[invalid-json:1]]")], TicketRequests.Typed);

        Assert.Equal("false", CacheClients.Header(result, "x-tollgate-valid"));
        var requestId = clients.Headers.LastRequestId!;
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((false, 1), (entry.Valid, entry.Attempts));
        Assert.Empty(entry.AttemptRecords);
        Assert.Single(await fixture.Simulator.GetRequestsAsync(requestId));
    }

    [Fact]
    public async Task A_stream_that_fails_its_schema_is_flagged_at_its_end_and_never_asked_again()
    {
        var stream = await TicketRequests.StreamAsync(fixture.Gateway.BaseAddress, fixture.Writer, "Stream a ticket: the fan rattles. [[invalid-json:1]]");

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(stream.Text));
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(stream.RequestId);
        Assert.Equal((false, 1), (entry.Valid, entry.Attempts));
        Assert.Single(await fixture.Simulator.GetRequestsAsync(stream.RequestId));
        Assert.EndsWith(": x-tollgate-valid=false\n\n", stream.Raw[..stream.Raw.LastIndexOf("data: [DONE]", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responses_api_answer_that_fails_its_text_format_once_is_asked_again()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        ClientResult<ResponseResult> result = await clients.Responses.CreateResponseAsync(TicketRequests.Response("File a ticket: the blinds stick. [[invalid-json:1]]"));

        using var answer = JsonDocument.Parse(result.Value.GetOutputText());
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-valid"));
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(CacheClients.Header(result, "x-tollgate-request-id")!);
        Assert.Equal((true, 2), (entry.Valid, entry.Attempts));
        Assert.Equal(["invalid_output", null], entry.AttemptRecords.Select(attempt => attempt.ErrorType));
        Assert.Equal(entry.AttemptRecords.Sum(attempt => Bill(attempt)), entry.CostUsd);
    }

    [Fact]
    public async Task A_messages_answer_that_fails_its_features_schema_is_asked_again_once_by_default()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "labels";

        // The Anthropic SDK, asking for no schema: the simulator answers prose, which the feature's {"label": …} refuses.
        await clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 128,
            Messages = [new UserMessageParam("Label this review: the strap broke in a week.")],
        });

        Assert.Equal("false", clients.Headers.LastValid);
        var requestId = clients.Headers.LastRequestId!;
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(requestId);
        Assert.Equal((false, 2), (entry.Valid, entry.Attempts));
        Assert.Equal(["invalid_output", null], entry.AttemptRecords.Select(attempt => attempt.ErrorType));
        Assert.All(entry.AttemptRecords, attempt => Assert.True(attempt.CostUsd > 0m));
        Assert.Equal(2, (await fixture.Simulator.GetRequestsAsync(requestId)).Count);
    }

    [Fact]
    public async Task An_invalid_answer_is_not_asked_again_when_the_budgets_cannot_hold_the_retry_on_top_of_what_it_cost()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["cache-control"] = "no-store";
        var capped = new ChatCompletionOptions { ResponseFormat = TicketRequests.Typed.ResponseFormat, MaxOutputTokenCount = 200 };
        const string Prompt = "File a ticket, in prose please, about the budget. [[invalid-json]]";

        // What the invalid answer costs, from the same request in a feature that never asks again.
        clients.Headers.Values["x-tollgate-feature"] = "no-retries";
        await clients.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], capped);
        var probe = await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
        var spent = probe.CostUsd!.Value;

        // A per-request budget that holds one call's worst case (its prompt and 200 output tokens) but not a second one
        // on top of what the first was billed.
        var worstCase = ((probe.InputTokens * InputPerMillion) + (200 * OutputPerMillion)) / 1_000_000m;
        using (var budget = fixture.Gateway.AdminRequest(HttpMethod.Post, "admin/budgets"))
        {
            budget.Content = Wire.Json(string.Create(CultureInfo.InvariantCulture, $$"""{"id":"retry-budget-request","scope":"feature:retry-budget","limit_usd":{{worstCase + (spent / 2)}},"period":"request"}"""));
            using var created = await fixture.Gateway.Http.SendAsync(budget);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        clients.Headers.Values["x-tollgate-feature"] = "retry-budget";
        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], capped);

        Assert.Equal("false", CacheClients.Header(result, "x-tollgate-valid"));
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
        Assert.Equal((false, 1, spent), (entry.Valid, entry.Attempts, entry.CostUsd));
        Assert.Contains("the output failed its JSON Schema and was not asked for again: Budget 'retry-budget-request' (feature:retry-budget) refuses this request", entry.Warning, StringComparison.Ordinal);
    }

    /// <summary>What gpt-4o-mini bills for an attempt's tokens (none of them cached: the prompts are below OpenAI's 1,024-token minimum).</summary>
    private static decimal Bill(AttemptRecord attempt)
    {
        Assert.Equal(0, attempt.CachedInputTokens);
        return ((attempt.InputTokens * InputPerMillion) + (attempt.OutputTokens * OutputPerMillion)) / 1_000_000m;
    }
}
