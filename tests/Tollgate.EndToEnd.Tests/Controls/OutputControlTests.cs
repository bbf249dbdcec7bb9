// The official SDK marks its Responses client experimental (OPENAI001); the controls must serve it as it ships.
#pragma warning disable OPENAI001

using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.Gateway.Controls;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.Controls;

/// <summary>
/// A feature's output controls (<c>Tollgate:Features:NAME:Output</c>) shape what the provider receives, through the
/// official SDKs: a default limit where the client names none, the cap where it names a larger one, stop sequences and a
/// concise instruction; an answer the gateway's limit cut is marked on its ledger row (and, for a whole answer, in
/// <c>x-tollgate-output-capped</c>).
/// </summary>
public sealed class OutputControlTests(ControlsGateway fixture) : IClassFixture<ControlsGateway>
{
    [Fact]
    public async Task A_default_max_tokens_is_added_where_the_client_names_none_and_the_cut_answer_is_marked_capped()
    {
        using var clients = fixture.ClientsFor("brief");

        var result = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("Explain what a virtual key is, in detail."))]);
        var requestId = CacheClients.Header(result, "x-tollgate-request-id")!;
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        Assert.Equal(6, upstream.GetProperty("max_tokens").GetInt32());
        Assert.False(upstream.TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
        Assert.Equal(6, result.Value.Usage.OutputTokenCount);
        Assert.True(row.OutputCapped);
        Assert.Equal("true", CacheClients.Header(result, "x-tollgate-output-capped"));
    }

    [Fact]
    public async Task A_larger_limit_is_lowered_to_the_cap_in_the_member_the_client_used()
    {
        using var clients = fixture.ClientsFor("brief");

        var result = await clients.Chat.CompleteChatAsync(
            [new UserChatMessage(ControlsGateway.Unique("Describe the ledger."))],
            new ChatCompletionOptions { MaxOutputTokenCount = 500 });
        var upstream = await fixture.UpstreamBodyAsync(CacheClients.Header(result, "x-tollgate-request-id")!);

        Assert.Equal(12, upstream.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(upstream.TryGetProperty("max_tokens", out _));
        Assert.True(result.Value.Usage.OutputTokenCount <= 12);
    }

    [Fact]
    public async Task A_limit_within_the_cap_and_an_answer_it_did_not_cut_are_left_alone()
    {
        using var clients = fixture.ClientsFor("terse");

        var result = await clients.Chat.CompleteChatAsync(
            [new UserChatMessage(ControlsGateway.Unique("Say hi."))],
            new ChatCompletionOptions { MaxOutputTokenCount = 3 });
        var requestId = CacheClients.Header(result, "x-tollgate-request-id")!;
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        // The client's own limit cut the answer: not the gateway's doing.
        Assert.Equal(3, upstream.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(ChatFinishReason.Length, result.Value.FinishReason);
        Assert.False(row.OutputCapped);
        Assert.Null(CacheClients.Header(result, "x-tollgate-output-capped"));
    }

    [Fact]
    public async Task Stop_sequences_and_the_concise_instruction_reach_the_provider_after_the_clients_own()
    {
        using var clients = fixture.ClientsFor("brief");

        var result = await clients.Chat.CompleteChatAsync(
            [new SystemChatMessage("You are a billing assistant."), new UserChatMessage(ControlsGateway.Unique("What is an invoice?"))],
            new ChatCompletionOptions { StopSequences = { "END" } });
        var upstream = await fixture.UpstreamBodyAsync(CacheClients.Header(result, "x-tollgate-request-id")!);

        Assert.Equal(["END", "###"], upstream.GetProperty("stop").EnumerateArray().Select(stop => stop.GetString()));
        var system = upstream.GetProperty("messages")[0];
        Assert.Equal("system", system.GetProperty("role").GetString());
        Assert.Equal("You are a billing assistant.\n\n" + RequestControls.BuiltInConciseInstruction, system.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_reasoning_model_gets_max_completion_tokens_and_no_stop_sequences()
    {
        using var clients = fixture.ClientsFor("brief");
        var body = $$"""{"model":"o4-mini","messages":[{"role":"user","content":"{{ControlsGateway.Unique("Plan a trip.")}}"}]}""";

        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", body, ("x-tollgate-feature", "brief"));
        var upstream = await fixture.UpstreamBodyAsync(call.RequestId);

        Assert.Equal(200, call.Status);
        Assert.Equal(6, upstream.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(upstream.TryGetProperty("max_tokens", out _));
        Assert.False(upstream.TryGetProperty("stop", out _));
    }

    [Fact]
    public async Task An_anthropic_limit_over_the_cap_is_lowered_and_the_system_prompt_gets_the_instruction()
    {
        using var clients = fixture.ClientsFor("brief");

        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(new MessageCreateParams
        {
            Model = SdkClients.AnthropicModel,
            MaxTokens = 400,
            System = "You summarise contracts.",
            Messages = [new UserMessageParam(ControlsGateway.Unique("Summarise the lease agreement for the office."))],
        });
        var message = await response.Deserialize();
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        Assert.Equal(12, upstream.GetProperty("max_tokens").GetInt32());
        Assert.Equal(["###"], upstream.GetProperty("stop_sequences").EnumerateArray().Select(stop => stop.GetString()));
        Assert.Equal("You summarise contracts.\n\n" + RequestControls.BuiltInConciseInstruction, upstream.GetProperty("system").GetString());
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(message.Usage.OutputTokens >= 12, row.OutputCapped);
    }

    [Fact]
    public async Task A_response_gets_max_output_tokens_and_instructions_and_an_incomplete_answer_is_marked_capped()
    {
        using var clients = fixture.ClientsFor("brief");

        var result = await clients.Responses.CreateResponseAsync(
            new CreateResponseOptions(SdkClients.OpenAIModel, [ResponseItem.CreateUserMessageItem(ControlsGateway.Unique("Explain prompt caching at length."))]));
        var requestId = CacheClients.Header(result, "x-tollgate-request-id")!;
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        // The feature's default is 6; the Responses API accepts no less than 16.
        Assert.Equal(16, upstream.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(RequestControls.BuiltInConciseInstruction, upstream.GetProperty("instructions").GetString());
        Assert.False(upstream.TryGetProperty("stop", out _));
        Assert.Equal(ResponseStatus.Incomplete, result.Value.Status);
        Assert.True(row.OutputCapped);
    }

    [Fact]
    public async Task A_pinned_feature_sends_its_model_and_the_row_shows_both()
    {
        using var clients = fixture.ClientsFor("pinned");

        var result = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("Name a colour."))]);
        var requestId = CacheClients.Header(result, "x-tollgate-request-id")!;
        var upstream = await fixture.UpstreamBodyAsync(requestId);
        var row = await fixture.RowAsync(requestId);

        Assert.Equal("gpt-4.1-mini", upstream.GetProperty("model").GetString());
        Assert.StartsWith("gpt-4.1-mini", CacheClients.Header(result, "x-tollgate-model"), StringComparison.Ordinal);
        Assert.Equal(SdkClients.OpenAIModel, row.RequestedModel);
        Assert.StartsWith("gpt-4.1-mini", row.ServedModel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_of_a_feature_without_controls_reaches_the_provider_unchanged_but_for_its_prompt_cache_key()
    {
        var body = $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{ControlsGateway.Unique("Hello")}}"}]}""";

        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", body, ("x-tollgate-feature", "unconfigured"));
        var received = await fixture.Simulator.WaitForRequestAsync(call.RequestId);

        // The feature's prompt-cache key is the one edit: added at the end, every byte before it as the client sent it.
        Assert.Equal(body[..^1] + ",\"prompt_cache_key\":\"tollgate:unconfigured\"}", received.Body);
    }
}
