using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// Anthropic cache breakpoints on an OpenAI chat request translated for a Claude model (a feature pinned to
/// <c>claude-sonnet-4-5</c>), through the official OpenAI SDK against the simulator: the translated body the simulator
/// received carries them, the second call reports its cache read as <c>prompt_tokens_details.cached_tokens</c>, and
/// each row bills the write and the read at Claude's prices, computed here by hand; the saving is <c>prompt-cache</c>'s
/// where the gateway's hint made it, the provider's where the client asked with its own <c>prompt_cache_key</c>, and
/// an opted-out feature gets none. The other way, an Anthropic request sent to GPT gets its feature's
/// <c>prompt_cache_key</c> and its cached tokens back as <c>cache_read_input_tokens</c>.
/// </summary>
public sealed class TranslatedCacheHintTests(PromptCacheGateway fixture) : IClassFixture<PromptCacheGateway>
{
    private const decimal Million = 1_000_000m;

    private static ChatCompletionOptions Options => new() { MaxOutputTokenCount = 64 };

    /// <summary>Claude Sonnet 4.5: input $3, 5-minute cache write $3.75, cache read $0.30, output $15 per million tokens.</summary>
    private static decimal Sonnet(long prompt, long read, long written, long output) =>
        ((prompt - read - written) * 3m + read * 0.30m + written * 3.75m + output * 15m) / Million;

    [Fact]
    public async Task A_long_system_prompt_sent_to_claude_gets_a_breakpoint_and_the_second_call_is_billed_the_cache_read()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.ClaudePinned);
        var chat = clients.ChatFor("gpt-4o");
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Translated system")), new UserChatMessage("What is billed?")];

        var first = await chat.CompleteChatAsync(messages, Options);
        var second = await chat.CompleteChatAsync(messages, Options);
        var firstId = CacheClients.Header(first, "x-tollgate-request-id")!;
        var secondId = CacheClients.Header(second, "x-tollgate-request-id")!;

        Assert.StartsWith(PromptCacheGateway.AnthropicModel, CacheClients.Header(second, "x-tollgate-model"), StringComparison.Ordinal);
        var upstream = await fixture.UpstreamBodyAsync(firstId);
        Assert.Equal(PromptCacheGateway.AnthropicModel, upstream.GetProperty("model").GetString());
        Assert.False(upstream.TryGetProperty("prompt_cache_key", out _));
        var system = upstream.GetProperty("system");
        Assert.Equal(JsonValueKind.Array, system.ValueKind);
        Assert.Equal("ephemeral", Assert.Single(system.EnumerateArray()).GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal(1, PromptCacheGateway.Breakpoints(upstream));

        var writeRow = await fixture.RowAsync(firstId);
        var written = writeRow.CacheWriteTokens;
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(0, first.Value.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(first.Value.Usage.InputTokenCount, writeRow.InputTokens);
        Assert.Equal(Sonnet(writeRow.InputTokens, 0, written, writeRow.OutputTokens), writeRow.CostUsd);

        var usage = second.Value.Usage;
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.Equal(written, cached);
        var readRow = await fixture.RowAsync(secondId);
        Assert.Equal((usage.InputTokenCount, (long)cached, 0L), (readRow.InputTokens, readRow.CachedInputTokens, readRow.CacheWriteTokens));
        Assert.Equal(Sonnet(usage.InputTokenCount, cached, 0, usage.OutputTokenCount), readRow.CostUsd);
        // The baseline is the requested model's list price for every prompt token: GPT-4o, $2.50 input, $10 output.
        Assert.Equal((usage.InputTokenCount * 2.5m + usage.OutputTokenCount * 10m) / Million, readRow.BaselineCostUsd);
        Assert.Equal(cached * 2.70m / Million, Assert.Single(readRow.Savings, s => s.Lever == Levers.PromptCache).SavedUsd);
    }

    [Fact]
    public async Task A_streamed_call_sent_to_claude_after_a_hinted_one_reports_and_bills_the_cache_read()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.ClaudePinned);
        var chat = clients.ChatFor("gpt-4o");
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Translated stream")), new UserChatMessage("What is billed?")];
        await chat.CompleteChatAsync(messages, Options);

        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, Options))
        {
            usage = update.Usage ?? usage;
        }

        Assert.NotNull(usage);
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        var row = await fixture.RowAsync(clients.Headers.LastRequestId!);
        Assert.True(row.Stream);
        Assert.Equal(cached, row.CachedInputTokens);
        Assert.Equal(Sonnet(usage.InputTokenCount, cached, 0, usage.OutputTokenCount), row.CostUsd);
        Assert.Contains(row.Savings, s => s.Lever == Levers.PromptCache && s.SavedUsd == cached * 2.70m / Million);
    }

    [Fact]
    public async Task A_responses_call_sent_to_claude_gets_a_breakpoint_on_its_instructions_and_reports_the_cache_read()
    {
        var instructions = LongPrompt.About("Translated instructions");
        var json = $$"""{"model":"gpt-4o","max_output_tokens":64,"instructions":"{{instructions}}","input":"What is billed?"}""";

        var first = await RawCall.PostAsync(fixture.Http, "v1/responses", json, ("x-tollgate-feature", PromptCacheGateway.ClaudePinned));
        var second = await RawCall.PostAsync(fixture.Http, "v1/responses", json, ("x-tollgate-feature", PromptCacheGateway.ClaudePinned));

        Assert.True(second.Status == 200, second.Body);
        var upstream = await fixture.UpstreamBodyAsync(first.RequestId);
        Assert.Equal("ephemeral", Assert.Single(upstream.GetProperty("system").EnumerateArray()).GetProperty("cache_control").GetProperty("type").GetString());
        using var answer = JsonDocument.Parse(second.Body);
        var usage = answer.RootElement.GetProperty("usage");
        var cached = usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64();
        Assert.True(cached >= 1024, $"cached {cached}");
        var row = await fixture.RowAsync(second.RequestId);
        Assert.Equal((usage.GetProperty("input_tokens").GetInt64(), cached), (row.InputTokens, row.CachedInputTokens));
        Assert.Equal(Sonnet(row.InputTokens, cached, 0, usage.GetProperty("output_tokens").GetInt64()), row.CostUsd);
        Assert.Contains(row.Savings, s => s.Lever == Levers.PromptCache && s.SavedUsd == cached * 2.70m / Million);
    }

    [Fact]
    public async Task An_anthropic_call_sent_to_gpt_gets_the_features_key_and_the_second_is_billed_its_cached_tokens()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.GptPinned);
        var request = new MessageCreateParams
        {
            Model = PromptCacheGateway.AnthropicModel,
            MaxTokens = 64,
            System = LongPrompt.About("Translated to GPT"),
            Messages = [new UserMessageParam("What is billed?")],
        };

        await clients.Anthropic.Messages.Create(request);
        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var usage = (await response.Deserialize()).Usage;
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));

        var upstream = await fixture.UpstreamBodyAsync(requestId);
        Assert.Equal("gpt-4o-mini", upstream.GetProperty("model").GetString());
        Assert.Equal("tollgate:" + PromptCacheGateway.GptPinned, upstream.GetProperty("prompt_cache_key").GetString());
        Assert.Equal(0, PromptCacheGateway.Breakpoints(upstream));
        var cached = usage.CacheReadInputTokens ?? 0;
        Assert.True(cached >= 1024, $"cached {cached}");
        var row = await fixture.RowAsync(requestId);
        Assert.Equal((usage.InputTokens + cached, cached), (row.InputTokens, row.CachedInputTokens));

        // GPT-4o mini: input $0.15, cached input $0.075, output $0.60 per million tokens.
        Assert.Equal((usage.InputTokens * 0.15m + cached * 0.075m + usage.OutputTokens * 0.60m) / Million, row.CostUsd);
        Assert.Contains(row.Savings, s => s.Lever == Levers.PromptCache && s.SavedUsd == cached * 0.075m / Million);
    }

    [Fact]
    public async Task The_clients_own_prompt_cache_key_asks_claude_to_cache_and_the_saving_is_the_providers()
    {
        var prompt = LongPrompt.About("Own key to Claude");
        var json = $$"""{"model":"gpt-4o","max_tokens":64,"prompt_cache_key":"app-key","messages":[{"role":"system","content":"{{prompt}}"},{"role":"user","content":"What is billed?"}]}""";

        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", json, ("x-tollgate-feature", PromptCacheGateway.ClaudePinnedUnhinted));
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", json, ("x-tollgate-feature", PromptCacheGateway.ClaudePinnedUnhinted));

        Assert.True(second.Status == 200, second.Body);
        Assert.Equal(1, PromptCacheGateway.Breakpoints(await fixture.UpstreamBodyAsync(second.RequestId)));
        var row = await fixture.RowAsync(second.RequestId);
        Assert.True(row.CachedInputTokens >= 1024, $"cached {row.CachedInputTokens}");
        Assert.Contains(row.Savings, s => s.Lever == Levers.ProviderCache);
        Assert.DoesNotContain(row.Savings, s => s.Lever == Levers.PromptCache);
    }

    [Fact]
    public async Task A_feature_that_opted_out_sends_claude_no_breakpoint_and_caches_nothing()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.ClaudePinnedUnhinted);
        var chat = clients.ChatFor("gpt-4o");
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Translated opt-out")), new UserChatMessage("What is billed?")];

        await chat.CompleteChatAsync(messages, Options);
        var second = await chat.CompleteChatAsync(messages, Options);
        var requestId = CacheClients.Header(second, "x-tollgate-request-id")!;

        var upstream = await fixture.UpstreamBodyAsync(requestId);
        Assert.Equal(PromptCacheGateway.AnthropicModel, upstream.GetProperty("model").GetString());
        Assert.Equal(0, PromptCacheGateway.Breakpoints(upstream));
        Assert.Equal(0, second.Value.Usage.InputTokenDetails.CachedTokenCount);
        var row = await fixture.RowAsync(requestId);
        Assert.Equal((0L, 0L), (row.CachedInputTokens, row.CacheWriteTokens));
        Assert.DoesNotContain(row.Savings, s => s.Lever is Levers.PromptCache or Levers.ProviderCache);
    }
}
