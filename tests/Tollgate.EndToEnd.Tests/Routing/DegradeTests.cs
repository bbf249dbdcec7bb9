// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// Degrade under budget pressure through the official SDKs: below a budget's <c>DegradeAt</c> nothing changes; past it,
/// the call is sent to the cheaper model (the simulator receives it), <c>x-tollgate-model</c> names it, whole and
/// streamed, and the ledger row keeps the requested model with its price as the baseline and <c>degrade</c> as its lever.
/// A degrade model of the other provider family serves through translation (OpenAI chat and Responses clients on Claude,
/// an Anthropic client on GPT); a request translation cannot carry stays on its own model, its row saying why.
/// </summary>
public sealed class DegradeTests(DegradeGateway fixture) : IClassFixture<DegradeGateway>
{
    private const string Requested = "gpt-4.1";
    private const string Cheaper = "gpt-4.1-nano";
    private const string RequestedClaude = "claude-sonnet-4-5";
    private const string CheaperClaude = "claude-haiku-4-5";
    private static readonly PricingCatalog Pricing = PricingCatalog.LoadDefault();
    // Room for the whole answer: one cut at its limit is not stored, and would prove nothing about the cache.
    private static ChatCompletionOptions Deterministic => new() { Temperature = 0, MaxOutputTokenCount = 400 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chat_call_past_the_fraction_is_served_by_the_budgets_degrade_model(bool stream)
    {
        var feature = await BudgetedAsync("chat", Cheaper);
        using var clients = fixture.ClientsFor(feature);
        var chat = clients.ChatFor(Requested);

        var before = await ChatAsync(chat, clients, stream);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, Cheaper);
        var after = await ChatAsync(chat, clients, stream);

        await AssertNotDegradedAsync(before, Requested);
        await AssertDegradedAsync(after, Requested, Cheaper);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_responses_call_past_the_fraction_is_served_by_the_budgets_degrade_model(bool stream)
    {
        var feature = await BudgetedAsync("responses", Cheaper);
        using var clients = fixture.ClientsFor(feature);

        var before = await ResponsesAsync(clients, stream);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, Cheaper);
        var after = await ResponsesAsync(clients, stream);

        await AssertNotDegradedAsync(before, Requested);
        await AssertDegradedAsync(after, Requested, Cheaper);
    }

    [Theory]
    [InlineData("feature-degrade", false)]
    [InlineData("feature-degrade-stream", true)]
    public async Task A_budget_without_a_degrade_model_degrades_to_the_features(string feature, bool stream)
    {
        using var clients = fixture.ClientsFor(feature);
        await fixture.SetBudgetAsync(feature, feature, 1m, degradeModel: null);

        var before = await MessagesAsync(clients, stream);
        await fixture.SpendPastHalfAsync(feature, feature, RequestedClaude, degradeModel: null);
        var after = await MessagesAsync(clients, stream);

        await AssertNotDegradedAsync(before, RequestedClaude);
        await AssertDegradedAsync(after, RequestedClaude, CheaperClaude);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_openai_chat_call_past_the_fraction_is_degraded_to_an_anthropic_model_through_translation(bool stream)
    {
        var feature = await BudgetedAsync("chat-to-claude", CheaperClaude);
        using var clients = fixture.ClientsFor(feature);
        var chat = clients.ChatFor(Requested);

        var before = await ChatAsync(chat, clients, stream);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, CheaperClaude);
        var after = await ChatAsync(chat, clients, stream);

        await AssertNotDegradedAsync(before, Requested);
        await AssertDegradedAsync(after, Requested, CheaperClaude);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_anthropic_call_past_the_fraction_is_degraded_to_an_openai_model_through_translation(bool stream)
    {
        var feature = await BudgetedAsync("claude-to-chat", Cheaper);
        using var clients = fixture.ClientsFor(feature);

        var before = await MessagesAsync(clients, stream);
        await fixture.SpendPastHalfAsync(feature, feature, RequestedClaude, Cheaper);
        var after = await MessagesAsync(clients, stream);

        await AssertNotDegradedAsync(before, RequestedClaude);
        await AssertDegradedAsync(after, RequestedClaude, Cheaper);
    }

    [Fact]
    public async Task A_responses_call_past_the_fraction_is_degraded_to_an_anthropic_model_through_translation()
    {
        var feature = await BudgetedAsync("responses-to-claude", CheaperClaude);
        using var clients = fixture.ClientsFor(feature);

        await fixture.SpendPastHalfAsync(feature, feature, Requested, CheaperClaude);
        var after = await ResponsesAsync(clients, stream: false);

        await AssertDegradedAsync(after, Requested, CheaperClaude);
    }

    [Fact]
    public async Task A_call_translation_cannot_carry_stays_on_its_model_past_the_fraction_and_its_row_says_why()
    {
        var feature = await BudgetedAsync("untranslatable", CheaperClaude);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, CheaperClaude);

        // Two choices: Anthropic makes one, so the request cannot go to Claude, and degrade is no reason to fail it.
        var json = $$"""{"model":"{{Requested}}","n":2,"max_tokens":20,"messages":[{"role":"user","content":"{{DegradeGateway.Unique("Name two tides.")}}"}]}""";
        var call = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", json, ("x-tollgate-feature", feature));

        Assert.True(call.Status == 200, call.Body);
        Assert.Equal(Requested, await fixture.UpstreamModelAsync(call.RequestId));
        var row = await fixture.RowAsync(call.RequestId);
        Assert.Equal(Requested, row.RequestedModel);
        Assert.StartsWith(Requested, row.ServedModel, StringComparison.Ordinal);
        Assert.DoesNotContain(row.Savings, saving => saving.Lever == Levers.Degrade);
        Assert.NotNull(row.Warning);
        Assert.Contains($"not by {CheaperClaude}", row.Warning, StringComparison.Ordinal);
        Assert.Contains("n above 1", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_feature_model_degrades_from_the_pin_and_each_step_is_its_levers()
    {
        const string feature = "pinned-degrade";
        using var clients = fixture.ClientsFor(feature);
        await fixture.SetBudgetAsync(feature, feature, 1m, Cheaper);

        var before = await ChatAsync(clients.ChatFor(Requested), clients, stream: false);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, Cheaper);
        var after = await ChatAsync(clients.ChatFor(Requested), clients, stream: false);

        Assert.Equal("gpt-4.1-mini", await fixture.UpstreamModelAsync(before.RequestId));
        // gpt-4.1 → gpt-4.1-mini is the pin's (routing, the larger saving), gpt-4.1-mini → gpt-4.1-nano the degrade's.
        var row = await AssertDegradedAsync(after, Requested, Cheaper, Levers.Routing);
        var usage = new Core.Exchange.TokenUsage(row.InputTokens, 0, 0, row.OutputTokens);
        var pinned = Pricing.Find("gpt-4.1-mini")!.Cost(usage);
        Assert.Equal(
            [(Levers.Routing, row.BaselineCostUsd!.Value - pinned), (Levers.Degrade, pinned - row.CostUsd!.Value)],
            row.Savings.Select(saving => (saving.Lever, saving.SavedUsd)));
    }

    [Fact]
    public async Task A_request_past_the_fraction_is_answered_from_the_cache_as_stored_before_it()
    {
        var feature = await BudgetedAsync("cache-hit", Cheaper);
        using var clients = fixture.ClientsFor(feature);
        var chat = clients.ChatFor(Requested);
        var question = DegradeGateway.Unique("Name the largest planet.");
        var entries = await fixture.EntriesAsync();
        var live = await chat.CompleteChatAsync([new UserChatMessage(question)], Deterministic);
        await fixture.WaitForEntriesAsync(entries + 1);

        await fixture.SpendPastHalfAsync(feature, feature, Requested, Cheaper);
        var degraded = await chat.CompleteChatAsync([new UserChatMessage(DegradeGateway.Unique("Name the smallest planet."))], Deterministic);
        var hit = await chat.CompleteChatAsync([new UserChatMessage(question)], Deterministic);

        // The key is computed before the route stage, so the request past the fraction finds the answer stored before it,
        // and the degraded call in between taught nothing about the model the cached answer was made by.
        Assert.StartsWith(Cheaper, CacheClients.Header(degraded, "x-tollgate-model"), StringComparison.Ordinal);
        Assert.Equal("hit", CacheClients.Header(hit, "x-tollgate-cache"));
        Assert.Equal(CacheClients.Header(live, "x-tollgate-model"), CacheClients.Header(hit, "x-tollgate-model"));
        Assert.Equal(live.Value.Content[0].Text, hit.Value.Content[0].Text);
        Assert.Equal(Levers.Exact, (await fixture.RowAsync(CacheClients.Header(hit, "x-tollgate-request-id")!)).Lever);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(question));
    }

    [Fact]
    public async Task A_degraded_answer_is_not_stored_under_the_requests_key()
    {
        var feature = await BudgetedAsync("cache-store", Cheaper);
        using var clients = fixture.ClientsFor(feature);
        await fixture.SpendPastHalfAsync(feature, feature, Requested, Cheaper);

        // A model no other call of this gateway names, so no snapshot it learnt tells the degraded answer apart.
        var chat = clients.ChatFor("gpt-4o");
        var question = DegradeGateway.Unique("Name the smallest planet.");
        var first = await chat.CompleteChatAsync([new UserChatMessage(question)], Deterministic);
        var again = await chat.CompleteChatAsync([new UserChatMessage(question)], Deterministic);

        Assert.Equal(ChatFinishReason.Stop, first.Value.FinishReason); // a whole answer, which the cache would keep
        Assert.Equal(("miss", "miss"), (CacheClients.Header(first, "x-tollgate-cache"), CacheClients.Header(again, "x-tollgate-cache")));
        Assert.StartsWith(Cheaper, CacheClients.Header(again, "x-tollgate-model"), StringComparison.Ordinal);
        Assert.Equal(2, await fixture.UpstreamCallsAsync(question));
    }

    /// <summary>A feature of its own with a budget that degrades to <paramref name="degradeModel"/> at half its limit.</summary>
    private async Task<string> BudgetedAsync(string name, string degradeModel)
    {
        var feature = DegradeGateway.Unique(name);
        await fixture.SetBudgetAsync(feature, feature, 1m, degradeModel);
        return feature;
    }

    private async Task AssertNotDegradedAsync(Call call, string requested)
    {
        Assert.StartsWith(requested, call.Model, StringComparison.Ordinal);
        Assert.Equal(requested, await fixture.UpstreamModelAsync(call.RequestId));
        var row = await fixture.RowAsync(call.RequestId);
        Assert.Equal(requested, row.RequestedModel);
        Assert.StartsWith(requested, row.ServedModel, StringComparison.Ordinal);
        Assert.DoesNotContain(row.Savings, saving => saving.Lever == Levers.Degrade);
    }

    /// <summary>Asserts <paramref name="call"/> was served by <paramref name="cheaper"/>, priced against <paramref name="requested"/>, its largest saving <paramref name="lever"/>'s.</summary>
    private async Task<LedgerEntry> AssertDegradedAsync(Call call, string requested, string cheaper, string lever = Levers.Degrade)
    {
        Assert.StartsWith(cheaper, call.Model, StringComparison.Ordinal);
        Assert.Equal(cheaper, await fixture.UpstreamModelAsync(call.RequestId));
        var row = await fixture.RowAsync(call.RequestId);
        Assert.Equal(requested, row.RequestedModel);
        Assert.StartsWith(cheaper, row.ServedModel, StringComparison.Ordinal);
        Assert.Equal(lever, row.Lever);
        var usage = new Core.Exchange.TokenUsage(row.InputTokens, 0, 0, row.OutputTokens);
        Assert.Equal(Pricing.Find(requested)!.ListCost(usage), row.BaselineCostUsd);
        Assert.Equal(Pricing.Find(cheaper)!.Cost(usage), row.CostUsd);
        Assert.True(row.BaselineCostUsd > row.CostUsd, $"baseline {row.BaselineCostUsd} is not above cost {row.CostUsd}");
        return row;
    }

    private static async Task<Call> ChatAsync(ChatClient chat, CacheClients clients, bool stream)
    {
        ChatMessage[] ask = [new UserChatMessage(DegradeGateway.Unique("Describe the harbour at dawn."))];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40 };
        if (!stream)
        {
            var result = await chat.CompleteChatAsync(ask, options);
            return new Call(CacheClients.Header(result, "x-tollgate-request-id")!, CacheClients.Header(result, "x-tollgate-model")!);
        }

        await foreach (var _ in chat.CompleteChatStreamingAsync(ask, options))
        {
        }

        return new Call(clients.Headers.LastRequestId!, clients.Headers.LastModel!);
    }

    private static async Task<Call> ResponsesAsync(CacheClients clients, bool stream)
    {
        var ask = new CreateResponseOptions(Requested, [ResponseItem.CreateUserMessageItem(DegradeGateway.Unique("Describe the harbour at dusk."))])
        {
            MaxOutputTokenCount = 40,
            StreamingEnabled = stream,
        };
        if (!stream)
        {
            var result = await clients.Responses.CreateResponseAsync(ask);
            return new Call(CacheClients.Header(result, "x-tollgate-request-id")!, CacheClients.Header(result, "x-tollgate-model")!);
        }

        await foreach (var _ in await clients.Responses.CreateResponseStreamingAsync(ask))
        {
        }

        return new Call(clients.Headers.LastRequestId!, clients.Headers.LastModel!);
    }

    private static async Task<Call> MessagesAsync(CacheClients clients, bool stream)
    {
        var ask = new MessageCreateParams
        {
            Model = RequestedClaude,
            MaxTokens = 40,
            Messages = [new UserMessageParam(DegradeGateway.Unique("Describe the harbour at noon."))],
        };
        if (!stream)
        {
            await clients.Anthropic.Messages.Create(ask);
        }
        else
        {
            await foreach (var _ in clients.Anthropic.Messages.CreateStreaming(ask))
            {
            }
        }

        return new Call(clients.Headers.LastRequestId!, clients.Headers.LastModel!);
    }

    /// <summary>One call's request id and the <c>x-tollgate-model</c> it was answered with.</summary>
    private sealed record Call(string RequestId, string Model);
}
