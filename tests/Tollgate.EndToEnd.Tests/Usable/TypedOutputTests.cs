// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.Text.Json;
using Anthropic.Models.Messages;
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
    [Fact]
    public async Task A_whole_answer_that_meets_its_schema_is_marked_valid()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket: the printer is on fire.")], TicketRequests.Typed);

        using var answer = JsonDocument.Parse(result.Value.Content[0].Text);
        Assert.InRange(answer.RootElement.GetProperty("priority").GetInt32(), 1, 3);
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-valid"));
        Assert.True((await fixture.Gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!)).Valid);
    }

    [Fact]
    public async Task A_whole_answer_that_is_not_the_json_asked_for_is_marked_invalid_and_still_returned()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);

        ClientResult<ChatCompletion> result = await clients.Chat.CompleteChatAsync([new UserChatMessage("File a ticket, in prose please. [[invalid-json]]")], TicketRequests.Typed);

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
        var stream = await TicketRequests.StreamAsync(fixture.Gateway.BaseAddress, fixture.Writer, "Stream a ticket, in prose please. [[invalid-json]]");

        Assert.NotEmpty(stream.Text);
        var entry = await fixture.Gateway.WaitForSettledEntryAsync(stream.RequestId);
        Assert.False(entry.Valid);
        var final = stream.Raw.LastIndexOf("data: [DONE]", StringComparison.Ordinal);
        Assert.EndsWith(": x-tollgate-valid=false\n\n", stream.Raw[..final], StringComparison.Ordinal);
        Assert.Contains(": x-tollgate-cost-usd=", stream.Raw[..final], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_stream_is_flagged_valid()
    {
        var stream = await TicketRequests.StreamAsync(fixture.Gateway.BaseAddress, fixture.Writer, "Stream a ticket: the lift is stuck.");

        using var answer = JsonDocument.Parse(stream.Text);
        Assert.True((await fixture.Gateway.WaitForSettledEntryAsync(stream.RequestId)).Valid);
        Assert.Contains(": x-tollgate-valid=true\n\n", stream.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responses_api_answer_in_its_text_format_schema_is_marked_valid()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        ClientResult<ResponseResult> result = await clients.Responses.CreateResponseAsync(TicketRequests.Response("File a ticket: the coffee machine leaks."));

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

    [Theory]
    [InlineData("File a ticket: the printer is on fire.", "true")]
    [InlineData("File a ticket, in prose please. [[invalid-json]]", "false")]
    public async Task An_anthropic_request_with_a_schema_in_its_output_config_is_checked(string prompt, string valid)
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                model = SdkClients.AnthropicModel,
                max_tokens = 200,
                messages = new[] { new { role = "user", content = prompt } },
                output_config = new
                {
                    format = new
                    {
                        type = "json_schema",
                        schema = new
                        {
                            type = "object",
                            properties = new { label = new { type = "string" } },
                            required = new[] { "label" },
                            additionalProperties = false,
                        },
                    },
                },
            }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", fixture.Writer);
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(valid, response.Headers.GetValues("x-tollgate-valid").Single());
    }
}
