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
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// Typed output checks with the official SDKs against the simulator: an answer to a request carrying a JSON Schema (or
/// whose feature declares one) is checked, whole answers in <c>x-tollgate-valid</c>, streams in a comment beside their
/// cost at their end, and every row in the ledger's <c>valid</c>. The simulator answers a json_schema request with an
/// object meeting it, and with prose when the prompt carries <c>[[invalid-json]]</c>.
/// </summary>
[Collection(UsableOutputCollection.Name)]
public sealed class TypedOutputTests(UsableOutputGateway fixture)
{
    private const string TicketSchema =
        """{"type": "object", "properties": {"title": {"type": "string"}, "priority": {"type": "integer", "minimum": 1, "maximum": 3}}, "required": ["title", "priority"], "additionalProperties": false}""";

    private static readonly ChatCompletionOptions Typed = new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
    };

    [Fact]
    public async Task A_whole_answer_that_meets_its_schema_is_marked_valid()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the printer is on fire.")], Typed);

        using var answer = JsonDocument.Parse(result.Value.Content[0].Text);
        Assert.InRange(answer.RootElement.GetProperty("priority").GetInt32(), 1, 3);
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-valid"));
        Assert.True((await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!)).Valid);
    }

    [Fact]
    public async Task A_whole_answer_that_is_not_the_json_asked_for_is_marked_invalid_and_still_returned()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket, in prose please. [[invalid-json]]")], Typed);

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(result.Value.Content[0].Text));
        Assert.Equal("false", CacheClients.Header(result, "x-tollgate-valid"));
        Assert.False((await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!)).Valid);
    }

    [Fact]
    public async Task A_request_without_a_schema_is_not_checked()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("Say anything at all.")]);

        Assert.Null(CacheClients.Header(result, "x-tollgate-valid"));
        Assert.Null((await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!)).Valid);
    }

    [Fact]
    public async Task A_stream_is_checked_at_its_end_and_flagged_beside_its_cost_and_in_the_ledger()
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
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream a ticket, in prose please. [[invalid-json]]")], Typed))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.NotEmpty(text.ToString());
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(recorder.RequestId!);
        Assert.False(entry.Valid);
        var raw = recorder.Body;
        var final = raw.LastIndexOf("data: [DONE]", StringComparison.Ordinal);
        Assert.EndsWith(": x-tollgate-valid=false\n\n", raw[..final], StringComparison.Ordinal);
        Assert.Contains(": x-tollgate-cost-usd=", raw[..final], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_stream_is_flagged_valid()
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
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream a ticket: the lift is stuck.")], Typed))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        using var answer = JsonDocument.Parse(text.ToString());
        Assert.True((await fixture.Gateway.WaitForSettledEntryAsync(recorder.RequestId!)).Valid);
        Assert.Contains(": x-tollgate-valid=true\n\n", recorder.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responses_api_answer_in_its_text_format_schema_is_marked_valid()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        var ask = new CreateResponseOptions(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem("File a ticket: the coffee machine leaks.")])
        {
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("ticket", BinaryData.FromString(TicketSchema), jsonSchemaIsStrict: true),
            },
        };

        ClientResult<ResponseResult> result = await clients.Responses.CreateResponseAsync(ask);

        using var answer = JsonDocument.Parse(result.Value.GetOutputText());
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-valid"));
        Assert.True((await fixture.Gateway.WaitForSettledEntryAsync(CacheClients.Header(result, "x-tollgate-request-id")!)).Valid);
    }

    [Fact]
    public async Task A_features_declared_schema_checks_answers_that_ask_for_none()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "labels";

        // The Anthropic SDK, asking for no schema: the feature's {"label": …} is what its answers must be.
        await clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 128,
            Messages = [new UserMessageParam("Label this review: great battery life.")],
        });

        Assert.Equal("false", clients.Headers.LastValid);
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
        Assert.Equal(("labels", (bool?)false), (entry.Feature, entry.Valid));
    }
}
