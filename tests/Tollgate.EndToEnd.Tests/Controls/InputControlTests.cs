using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Controls;

/// <summary>
/// A feature's input limit (<c>Tollgate:Features:NAME:Input</c>): a prompt over it is refused as the provider refuses one
/// over the context length, and never reaches it; with <c>OverLimit: Trim</c> the oldest turns are dropped instead,
/// never the system prompt or the last user turn. A disabled feature is refused with 403.
/// </summary>
public sealed class InputControlTests(ControlsGateway fixture) : IClassFixture<ControlsGateway>
{
    private static readonly string Filler = string.Join(' ', Enumerable.Repeat("The quarterly report lists every invoice with its amount.", 4));

    [Fact]
    public async Task A_prompt_over_the_input_limit_gets_openais_context_length_error_and_never_reaches_the_provider()
    {
        using var clients = fixture.ClientsFor("bounded");
        var prompt = ControlsGateway.Unique(Filler + " " + Filler);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)]));

        Assert.Equal(400, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        var detail = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", detail.GetProperty("type").GetString());
        Assert.Equal("context_length_exceeded", detail.GetProperty("code").GetString());
        Assert.Equal("messages", detail.GetProperty("param").GetString());
        Assert.StartsWith("The input limit of the feature 'bounded' is 60 tokens.", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_prompt_over_the_input_limit_gets_anthropics_prompt_too_long_error()
    {
        using var clients = fixture.ClientsFor("bounded");
        var prompt = ControlsGateway.Unique(Filler + " " + Filler);

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 50,
            Messages = [new UserMessageParam(prompt)],
        }));

        Assert.Contains("prompt is too long", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_prompt_within_the_input_limit_passes()
    {
        using var clients = fixture.ClientsFor("bounded");

        var result = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("Hi"))]);

        Assert.Equal(200, result.GetRawResponse().Status);
    }

    [Fact]
    public async Task Trimming_drops_the_oldest_turns_and_keeps_the_system_prompt_and_the_last_user_turn()
    {
        using var clients = fixture.ClientsFor("trimmed");
        var last = ControlsGateway.Unique("And the total?");

        var result = await clients.Chat.CompleteChatAsync(
        [
            new SystemChatMessage("You answer questions about invoices."),
            new UserChatMessage("First question: " + Filler),
            new AssistantChatMessage("First answer: " + Filler),
            new UserChatMessage("Second question, short."),
            new AssistantChatMessage("Second answer, short."),
            new UserChatMessage(last),
        ]);
        var requestId = CacheClients.Header(result, "x-tollgate-request-id")!;
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        var contents = upstream.GetProperty("messages").EnumerateArray().Select(message => message.GetProperty("content").GetString()!).ToArray();
        Assert.Equal(["You answer questions about invoices.", "Second question, short.", "Second answer, short.", last], contents);
        Assert.Contains("input trimmed: 2 oldest conversation entries dropped", row.Warning, StringComparison.Ordinal);
        Assert.True(row.InputTokens <= 90);
    }

    [Fact]
    public async Task A_tool_call_is_dropped_with_its_result_never_apart()
    {
        var last = ControlsGateway.Unique("Now the March total?");
        var body = $$$"""
            {"model":"gpt-4o-mini","messages":[
              {"role":"user","content":"What is the February total? {{{Filler}}}"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"total","arguments":"{\"month\":\"february\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"{{{Filler}}}"},
              {"role":"assistant","content":"It is 1200."},
              {"role":"user","content":"{{{last}}}"}]}
            """;

        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", body, ("x-tollgate-feature", "trimmed"));
        var upstream = await fixture.UpstreamBodyAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        var kept = Assert.Single(upstream.GetProperty("messages").EnumerateArray());
        Assert.Equal(last, kept.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_prompt_that_cannot_be_trimmed_enough_is_refused()
    {
        using var clients = fixture.ClientsFor("trimmed");
        var prompt = ControlsGateway.Unique(Filler + " " + Filler + " " + Filler);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync(
            [new UserChatMessage("Earlier question."), new AssistantChatMessage("Earlier answer."), new UserChatMessage(prompt)]));

        Assert.Equal(400, error.Status);
        Assert.Contains("context_length_exceeded", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_disabled_feature_is_refused_with_403_on_both_protocols_and_never_reaches_the_provider()
    {
        using var clients = fixture.ClientsFor("retired");
        var prompt = ControlsGateway.Unique("Anything");

        var openAI = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)]));
        var anthropic = await Assert.ThrowsAsync<AnthropicForbiddenException>(() => clients.Anthropic.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 50,
            Messages = [new UserMessageParam(prompt)],
        }));

        Assert.Equal(403, openAI.Status);
        Assert.Contains("The feature 'retired' is disabled", openAI.Message, StringComparison.Ordinal);
        Assert.Contains("The feature 'retired' is disabled", anthropic.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.UpstreamCallsAsync(prompt));
        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.Equal((403, "permission_error"), (row.Status, row.ErrorType));
    }
}
