// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI;
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
    private const string TicketSchema =
        """{"type": "object", "properties": {"title": {"type": "string"}, "priority": {"type": "integer", "minimum": 1, "maximum": 3}}, "required": ["title", "priority"], "additionalProperties": false}""";

    // gpt-4o-mini in the built-in pricing catalog: $0.15 per million input tokens, $0.60 per million output tokens.
    private const decimal InputPerMillion = 0.15m;
    private const decimal OutputPerMillion = 0.60m;

    private static readonly ChatCompletionOptions Typed = new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
    };

    [Fact]
    public async Task An_answer_that_fails_its_schema_once_is_asked_again_and_the_valid_one_returned_with_both_attempts_billed()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "retry-once";

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the boiler hums. [[invalid-json:1]]")], Typed);

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

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket, in prose please. [[invalid-json]]")], Typed);

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

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the door squeaks. [[invalid-json:1]]")], Typed);

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
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        var chat = new ChatClient(SdkClients.OpenAIModel, new ApiKeyCredential(fixture.Writer), new OpenAIClientOptions
        {
            Endpoint = new Uri(fixture.Gateway.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        });

        var text = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream a ticket: the fan rattles. [[invalid-json:1]]")], Typed))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text.ToString()));
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(recorder.RequestId!);
        Assert.Equal((false, 1), (entry.Valid, entry.Attempts));
        Assert.Single(await fixture.Simulator.GetRequestsAsync(recorder.RequestId!));
        var raw = recorder.Body;
        Assert.EndsWith(": x-tollgate-valid=false\n\n", raw[..raw.LastIndexOf("data: [DONE]", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responses_api_answer_that_fails_its_text_format_once_is_asked_again()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        var ask = new CreateResponseOptions(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem("File a ticket: the blinds stick. [[invalid-json:1]]")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
            },
        };

        ClientResult<ResponseResult> result = await clients.Responses.CreateResponseAsync(ask);

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

    /// <summary>What gpt-4o-mini bills for an attempt's tokens (none of them cached: the prompts are below OpenAI's 1,024-token minimum).</summary>
    private static decimal Bill(AttemptRecord attempt)
    {
        Assert.Equal(0, attempt.CachedInputTokens);
        return ((attempt.InputTokens * InputPerMillion) + (attempt.OutputTokens * OutputPerMillion)) / 1_000_000m;
    }
}
