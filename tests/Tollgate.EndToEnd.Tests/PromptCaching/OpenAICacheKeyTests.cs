// The official SDK marks its Responses client experimental (OPENAI001); the gateway must serve it as it ships.
#pragma warning disable OPENAI001

using OpenAI.Chat;
using OpenAI.Responses;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// The gateway's OpenAI <c>prompt_cache_key</c> (<c>tollgate:FEATURE</c>), through the official SDK against the simulator:
/// set for a feature's chat and Responses calls, the client's own kept, none for an opted-out feature or a request naming
/// no feature; the second call of a long prompt billed its cached tokens at the cached price (hand-computed), credited
/// to <c>prompt-cache</c> only under the gateway's key and to <c>provider-cache</c> where OpenAI cached on its own.
/// </summary>
public sealed class OpenAICacheKeyTests(PromptCacheGateway fixture) : IClassFixture<PromptCacheGateway>
{
    private const decimal Million = 1_000_000m;

    /// <summary>OpenAI <c>gpt-4o-mini</c>: input $0.15, cached input $0.075, output $0.60 per million tokens.</summary>
    private static decimal Gpt4oMini(long input, long cached, long output) => ((input - cached) * 0.15m + cached * 0.075m + output * 0.60m) / Million;

    [Fact]
    public async Task A_features_chat_calls_share_its_key_and_the_second_is_billed_its_cached_tokens()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Keyed chat")), new UserChatMessage("What is billed?")];

        await clients.Chat.CompleteChatAsync(messages);
        var second = await clients.Chat.CompleteChatAsync(messages);
        var requestId = CacheClients.Header(second, "x-tollgate-request-id")!;

        var upstream = await fixture.UpstreamBodyAsync(requestId);
        Assert.Equal("tollgate:hinted", upstream.GetProperty("prompt_cache_key").GetString());
        var usage = second.Value.Usage;
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        var row = await fixture.RowAsync(requestId);
        Assert.Equal(((usage.InputTokenCount - cached) * 0.15m + cached * 0.075m + usage.OutputTokenCount * 0.60m) / Million, row.CostUsd);
        Assert.Equal((usage.InputTokenCount * 0.15m + usage.OutputTokenCount * 0.60m) / Million, row.BaselineCostUsd);
        Assert.Equal(cached * 0.075m / Million, Assert.Single(row.Savings).SavedUsd);
        Assert.Equal(Levers.PromptCache, row.Lever);
    }

    [Fact]
    public async Task A_streamed_chat_call_under_the_key_is_billed_its_cached_tokens()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Keyed stream")), new UserChatMessage("What is billed?")];
        await clients.Chat.CompleteChatAsync(messages);

        ChatTokenUsage? usage = null;
        await foreach (var update in clients.Chat.CompleteChatStreamingAsync(messages))
        {
            usage = update.Usage ?? usage;
        }

        Assert.NotNull(usage);
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.True(row.Stream);
        Assert.Equal(Gpt4oMini(usage.InputTokenCount, cached, usage.OutputTokenCount), row.CostUsd);
        Assert.Equal(Levers.PromptCache, row.Lever);
    }

    [Fact]
    public async Task The_clients_own_key_is_kept_and_the_saving_is_the_providers()
    {
        var prompt = LongPrompt.About("Own key");
        var json = $$"""{"model":"gpt-4o-mini","prompt_cache_key":"app-key","messages":[{"role":"system","content":"{{prompt}}"},{"role":"user","content":"What is billed?"}]}""";

        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", json, ("x-tollgate-feature", PromptCacheGateway.Hinted));
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", json, ("x-tollgate-feature", PromptCacheGateway.Hinted));

        Assert.Equal(200, second.Status);
        Assert.Equal("app-key", (await fixture.UpstreamBodyAsync(second.RequestId)).GetProperty("prompt_cache_key").GetString());
        var row = await fixture.RowAsync(second.RequestId);
        Assert.True(row.CachedInputTokens >= 1024, $"cached {row.CachedInputTokens}");
        Assert.Equal(Levers.ProviderCache, row.Lever);
    }

    [Theory]
    [InlineData(PromptCacheGateway.Unhinted)]
    [InlineData(null)]
    public async Task Without_a_feature_or_when_it_opted_out_no_key_is_set_and_openais_own_caching_is_the_providers(string? feature)
    {
        using var clients = feature is null ? new CacheClients(fixture.BaseAddress) : fixture.ClientsFor(feature);
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("No key")), new UserChatMessage("What is billed?")];

        await clients.Chat.CompleteChatAsync(messages);
        var second = await clients.Chat.CompleteChatAsync(messages);
        var requestId = CacheClients.Header(second, "x-tollgate-request-id")!;

        Assert.False((await fixture.UpstreamBodyAsync(requestId)).TryGetProperty("prompt_cache_key", out _));
        var row = await fixture.RowAsync(requestId);
        Assert.True(row.CachedInputTokens >= 1024, $"cached {row.CachedInputTokens}");
        Assert.Equal(Levers.ProviderCache, row.Lever);
        Assert.DoesNotContain(row.Savings, s => s.Lever == Levers.PromptCache);
    }

    [Fact]
    public async Task A_features_responses_calls_share_its_key_and_are_billed_their_cached_tokens_whole_and_streamed()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var instructions = LongPrompt.About("Keyed responses");
        CreateResponseOptions Ask(bool stream = false) =>
            new("gpt-4o-mini", [ResponseItem.CreateUserMessageItem("What is billed?")]) { Instructions = instructions, StreamingEnabled = stream };

        await clients.Responses.CreateResponseAsync(Ask());
        var whole = await clients.Responses.CreateResponseAsync(Ask());
        var wholeId = CacheClients.Header(whole, "x-tollgate-request-id")!;
        StreamingResponseCompletedUpdate? completed = null;
        await foreach (var update in await clients.Responses.CreateResponseStreamingAsync(Ask(stream: true)))
        {
            completed ??= update as StreamingResponseCompletedUpdate;
        }

        Assert.Equal("tollgate:hinted", (await fixture.UpstreamBodyAsync(wholeId)).GetProperty("prompt_cache_key").GetString());
        var usage = whole.Value.Usage;
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        var wholeRow = await fixture.RowAsync(wholeId);
        Assert.Equal(Gpt4oMini(usage.InputTokenCount, cached, usage.OutputTokenCount), wholeRow.CostUsd);
        Assert.Equal(Levers.PromptCache, wholeRow.Lever);

        Assert.NotNull(completed);
        var streamed = completed.Response.Usage;
        var streamedRow = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.True(streamedRow.Stream);
        Assert.True(streamed.InputTokenDetails.CachedTokenCount >= 1024);
        Assert.Equal(Gpt4oMini(streamed.InputTokenCount, streamed.InputTokenDetails.CachedTokenCount, streamed.OutputTokenCount), streamedRow.CostUsd);
        Assert.Equal(Levers.PromptCache, streamedRow.Lever);
    }
}
