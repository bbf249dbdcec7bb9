// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using System.ClientModel;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// Model routing through the official SDKs: by the task header, by the feature's default task, by the classifier when
/// no task is declared; <c>"model": "auto"</c> on chat, responses and messages; a named model honoured unless the rule
/// rewrites it (and never moved to a dearer tier); a tier moved up for a capability its model lacks. Each call is
/// checked where it landed (the body the simulator received), in <c>x-tollgate-model</c>, and in its ledger row
/// (requested and served model, lever <c>routing</c>, the baseline at the requested model's price, or for <c>auto</c>
/// at the rule's frontier model's).
/// </summary>
public sealed class RoutingTests(RoutingGateway fixture) : IClassFixture<RoutingGateway>
{
    private const string Question = "I am still waiting on my card, has it been sent?";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_task_header_routes_a_named_model_to_its_tiers_model_where_the_rule_rewrites(bool stream)
    {
        using var clients = fixture.ClientsFor("assistant", task: "classification");

        var (requestId, model) = await ChatAsync(clients, "gpt-4.1", RoutingGateway.Unique(Question), stream);

        Assert.StartsWith("gpt-4.1-nano", model, StringComparison.Ordinal);
        await fixture.AssertServedAsync(requestId, requested: "gpt-4.1", served: "gpt-4.1-nano", baseline: "gpt-4.1");
    }

    [Theory]
    [InlineData("chat", "gpt-4.1-nano", "gpt-4.1")]
    [InlineData("responses", "gpt-4.1-nano", "gpt-4.1")]
    [InlineData("messages", "claude-haiku-4-5", "claude-opus-4-5")]
    [InlineData("messages-stream", "claude-haiku-4-5", "claude-opus-4-5")]
    public async Task Auto_on_every_protocol_takes_the_features_default_task_and_is_priced_against_the_frontier_model(string protocol, string served, string frontier)
    {
        using var clients = fixture.ClientsFor("support");
        var prompt = RoutingGateway.Unique("Summarise the whole of this ticket step by step: " + Question);

        var (requestId, model) = await AutoAsync(clients, protocol, prompt);

        // The feature declares classification: its task wins over the prompt's cues (a summary, step by step).
        Assert.StartsWith(served, model, StringComparison.Ordinal);
        await fixture.AssertServedAsync(requestId, requested: "auto", served, baseline: frontier);
    }

    [Theory]
    [InlineData(Question, "gpt-4.1-nano")]
    [InlineData("Summarise the minutes of the harbour board meeting for the newsletter.", "gpt-4.1-mini")]
    [InlineData("Janet's ducks lay 16 eggs per day. She eats three for breakfast and sells the rest at $2 each. How much does she make every day?", "gpt-4.1")]
    [InlineData("def has_close_elements(numbers, threshold):\n    \"\"\" Check if any two numbers are closer than threshold.\n    >>> has_close_elements([1.0, 2.0], 0.5)\n    False\n    \"\"\"\n", "gpt-4.1")]
    public async Task Without_a_declared_task_the_classifier_picks_the_tier(string prompt, string served)
    {
        using var clients = fixture.ClientsFor("assistant");

        var (requestId, model) = await ChatAsync(clients, "auto", RoutingGateway.Unique(prompt), stream: false);

        Assert.StartsWith(served, model, StringComparison.Ordinal);
        await fixture.AssertServedAsync(requestId, requested: "auto", served, baseline: "gpt-4.1");
    }

    [Fact]
    public async Task A_named_model_is_honoured_unless_the_rule_rewrites_and_never_moved_to_a_dearer_tier()
    {
        using var honouring = fixture.ClientsFor("support", task: "classification");
        using var rewriting = fixture.ClientsFor("assistant", task: "code");

        var (kept, keptModel) = await ChatAsync(honouring, "gpt-4.1", RoutingGateway.Unique(Question), stream: false);
        var (cheap, cheapModel) = await ChatAsync(rewriting, "gpt-4.1-nano", RoutingGateway.Unique("Write a function that reverses a list."), stream: false);

        Assert.StartsWith("gpt-4.1", keptModel, StringComparison.Ordinal);
        Assert.DoesNotContain("nano", keptModel, StringComparison.Ordinal);
        await fixture.AssertServedAsync(kept, requested: "gpt-4.1", served: "gpt-4.1", baseline: "gpt-4.1");
        Assert.StartsWith("gpt-4.1-nano", cheapModel, StringComparison.Ordinal);
        await fixture.AssertServedAsync(cheap, requested: "gpt-4.1-nano", served: "gpt-4.1-nano", baseline: "gpt-4.1-nano");
    }

    [Fact]
    public async Task A_tier_whose_model_lacks_a_capability_the_request_uses_moves_up()
    {
        using var clients = fixture.ClientsFor("tiered", task: "chat");
        var chat = clients.ChatFor("auto");
        var image = ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Convert.FromBase64String(OnePixelPng)), "image/png");

        var text = await chat.CompleteChatAsync([new UserChatMessage(RoutingGateway.Unique("What colour is a ripe banana?"))], new ChatCompletionOptions { MaxOutputTokenCount = 30 });
        var seeing = await chat.CompleteChatAsync([new UserChatMessage(ChatMessageContentPart.CreateTextPart(RoutingGateway.Unique("What colour is this pixel?")), image)], new ChatCompletionOptions { MaxOutputTokenCount = 30 });

        // chat → small in this rule, its small model is gpt-3.5-turbo, which takes no images: the image goes to medium.
        await fixture.AssertServedAsync(CacheClients.Header(text, "x-tollgate-request-id")!, "auto", served: "gpt-3.5-turbo", baseline: "gpt-4.1");
        await fixture.AssertServedAsync(CacheClients.Header(seeing, "x-tollgate-request-id")!, "auto", served: "gpt-4.1-mini", baseline: "gpt-4.1");
    }

    [Fact]
    public async Task Auto_with_text_that_has_no_utf8_form_is_routed_and_answered_by_the_provider_never_a_500()
    {
        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions",
            """{"model":"auto","messages":[{"role":"user","content":"How many are 3 boxes of 12 eggs? caf\ud800"}]}""", ("x-tollgate-feature", "support"));

        Assert.True(call.Status == 400, call.Body);
        Assert.DoesNotContain("internal_error", call.Body, StringComparison.Ordinal);
        Assert.Contains("invalid_request_error", call.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_without_a_routing_rule_is_refused_in_each_protocols_error_shape()
    {
        using var clients = fixture.ClientsFor("unrouted");

        var openAI = await Assert.ThrowsAsync<ClientResultException>(() => clients.ChatFor("auto").CompleteChatAsync([new UserChatMessage("Hello?")]));
        var anthropic = await RawCall.PostAsync(fixture.Http, "v1/messages", """{"model":"auto","max_tokens":20,"messages":[{"role":"user","content":"Hello?"}]}""", ("x-tollgate-feature", "unrouted"));

        Assert.Equal(400, openAI.Status);
        Assert.Contains("feature 'unrouted' has no routing rule: set Features:unrouted:Routing", openAI.Message, StringComparison.Ordinal);
        Assert.Equal(400, anthropic.Status);
        Assert.Contains("\"type\":\"error\"", anthropic.Body, StringComparison.Ordinal);
        Assert.Contains("invalid_request_error", anthropic.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_naming_a_missing_tier_or_an_unpriced_model_is_refused_through_the_admin_api()
    {
        var tier = await fixture.PutSettingAsync("Features/assistant/Routing/Tiers/chat", "\"huge\"");
        var model = await fixture.PutSettingAsync("Features/assistant/Routing/Models/small", "\"house-model-7\"");

        Assert.Equal(400, tier.Status);
        Assert.Contains("Features:assistant:Routing:Tiers:chat names tier 'huge'", tier.Body, StringComparison.Ordinal);
        Assert.Equal(400, model.Status);
        Assert.Contains("Features:assistant:Routing:Models:small names 'house-model-7'", model.Body, StringComparison.Ordinal);
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static async Task<(string RequestId, string Model)> ChatAsync(CacheClients clients, string model, string prompt, bool stream)
    {
        var chat = clients.ChatFor(model);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40 };
        if (!stream)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage(prompt)], options);
            return (CacheClients.Header(result, "x-tollgate-request-id")!, CacheClients.Header(result, "x-tollgate-model")!);
        }

        await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], options))
        {
        }

        return (clients.Headers.LastRequestId!, clients.Headers.LastModel!);
    }

    private static async Task<(string RequestId, string Model)> AutoAsync(CacheClients clients, string protocol, string prompt)
    {
        switch (protocol)
        {
            case "chat":
                return await ChatAsync(clients, "auto", prompt, stream: false);
            case "responses":
                var result = await clients.Responses.CreateResponseAsync(new CreateResponseOptions("auto", [ResponseItem.CreateUserMessageItem(prompt)]) { MaxOutputTokenCount = 40 });
                return (CacheClients.Header(result, "x-tollgate-request-id")!, CacheClients.Header(result, "x-tollgate-model")!);
            default:
                var ask = new MessageCreateParams { Model = "auto", MaxTokens = 40, Messages = [new UserMessageParam(prompt)] };
                if (protocol == "messages")
                {
                    await clients.Anthropic.Messages.Create(ask);
                }
                else
                {
                    await foreach (var _ in clients.Anthropic.Messages.CreateStreaming(ask))
                    {
                    }
                }

                return (clients.Headers.LastRequestId!, clients.Headers.LastModel!);
        }
    }
}
