using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic.Models.Messages;
using OpenAI;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Provider prompt caching through the gateway, offline: <c>tollgate simulate</c> caches long prompt prefixes as the
/// providers do, the official SDKs read the cached tokens from the usage object, and the ledger bills them at the cached
/// and cache-write prices (checked against the published prices, not the gateway's catalog).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderPromptCachingTests(GatewayFixture fixture)
{
    private const string OpenAIModel = "gpt-4o-mini";

    // Claude Sonnet 4.5 caches prefixes from 1,024 tokens (Claude Haiku 4.5 from 4,096).
    private const string AnthropicModel = "claude-sonnet-4-5";

    private (ChatClient Chat, RequestIdCapture Ids) OpenAIChat()
    {
        var ids = new RequestIdCapture();
        var options = new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.BaseAddress, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(ids, PipelinePosition.PerCall);
        return (new ChatClient(OpenAIModel, new ApiKeyCredential("sk-client-unused"), options), ids);
    }

    private static MessageCreateParams CachedSystem(string system, string question) => new()
    {
        Model = AnthropicModel,
        MaxTokens = 128,
        System = new List<TextBlockParam> { new() { Text = system, CacheControl = new CacheControlEphemeral() } },
        Messages = [new UserMessageParam(question)],
    };

    /// <summary>A system prompt of <paramref name="blocks"/>, each a long text with a breakpoint of its own TTL, in order.</summary>
    private static MessageCreateParams CachedSystem(string question, params (string Text, Ttl Ttl)[] blocks) => new()
    {
        Model = AnthropicModel,
        MaxTokens = 128,
        System = blocks.Select(block => new TextBlockParam { Text = block.Text, CacheControl = new CacheControlEphemeral { Ttl = block.Ttl } }).ToList(),
        Messages = [new UserMessageParam(question)],
    };

    [Fact]
    public async Task A_repeated_long_openai_prompt_is_reported_cached_and_billed_at_the_cached_input_price()
    {
        var (chat, ids) = OpenAIChat();
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Caching")), new UserChatMessage("What is billed?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages);
        ChatCompletion second = await chat.CompleteChatAsync(messages);

        var cached = second.Usage.InputTokenDetails.CachedTokenCount;
        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        Assert.True(cached >= 1024 && cached % 128 == 0, $"cached {cached}");
        var entry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);
        Assert.NotNull(entry);
        Assert.Equal(second.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(cached, entry.CachedInputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(second.Usage.InputTokenCount, cached, second.Usage.OutputTokenCount), entry.CostUsd);
    }

    [Fact]
    public async Task A_streamed_openai_call_gets_the_cached_tokens_in_its_usage_chunk_and_its_row_bills_them()
    {
        var (chat, ids) = OpenAIChat();
        ChatMessage[] messages = [new SystemChatMessage(LongPrompt.About("Streaming")), new UserChatMessage("What is billed?")];
        await chat.CompleteChatAsync(messages);

        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages))
        {
            usage = update.Usage ?? usage;
        }

        Assert.NotNull(usage);
        var cached = usage.InputTokenDetails.CachedTokenCount;
        Assert.True(cached >= 1024, $"cached {cached}");
        var entry = await fixture.Gateway.GetLedgerEntryAsync(ids.LastRequestId!);
        Assert.NotNull(entry);
        Assert.True(entry.Stream);
        Assert.Equal(cached, entry.CachedInputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(usage.InputTokenCount, cached, usage.OutputTokenCount), entry.CostUsd);
    }

    [Fact]
    public async Task An_anthropic_breakpoint_is_billed_as_a_cache_write_then_as_a_cache_read()
    {
        var client = fixture.Anthropic();
        var request = CachedSystem(LongPrompt.About("Breakpoints"), "What is billed?");

        using var firstResponse = await client.WithRawResponse.Messages.Create(request);
        var first = (await firstResponse.Deserialize()).Usage;
        using var secondResponse = await client.WithRawResponse.Messages.Create(request);
        var second = (await secondResponse.Deserialize()).Usage;

        var written = first.CacheCreationInputTokens ?? 0;
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(written, first.CacheCreation?.Ephemeral5mInputTokens);
        Assert.Equal(0, first.CacheReadInputTokens ?? 0);
        Assert.Equal(written, second.CacheReadInputTokens);
        Assert.Equal(0, second.CacheCreationInputTokens ?? 0);
        Assert.Equal(first.InputTokens, second.InputTokens);

        var writeRow = await fixture.Gateway.GetLedgerEntryAsync(Assert.Single(firstResponse.GetHeaderValues("x-tollgate-request-id")));
        var readRow = await fixture.Gateway.GetLedgerEntryAsync(Assert.Single(secondResponse.GetHeaderValues("x-tollgate-request-id")));
        Assert.NotNull(writeRow);
        Assert.NotNull(readRow);
        Assert.Equal((first.InputTokens + written, written, 0L), (writeRow.InputTokens, writeRow.CacheWriteTokens, writeRow.CachedInputTokens));
        Assert.Equal((second.InputTokens + written, 0L, written), (readRow.InputTokens, readRow.CacheWriteTokens, readRow.CachedInputTokens));
        Assert.Equal(PublishedPrices.ClaudeSonnet45(first.InputTokens, written, 0, first.OutputTokens), writeRow.CostUsd);
        Assert.Equal(PublishedPrices.ClaudeSonnet45(second.InputTokens, 0, written, second.OutputTokens), readRow.CostUsd);
    }

    [Fact]
    public async Task A_streamed_anthropic_call_reports_the_cache_read_in_message_start_and_its_row_bills_it()
    {
        var client = fixture.Anthropic();
        var request = CachedSystem(LongPrompt.About("Message start"), "What is billed?");
        var written = (await client.Messages.Create(request)).Usage.CacheCreationInputTokens ?? 0;

        using var response = await client.WithRawResponse.Messages.CreateStreaming(request);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        Usage? start = null;
        long? output = null;
        await foreach (var streamed in response.Enumerate())
        {
            if (streamed.TryPickStart(out var started))
            {
                start = started.Message.Usage;
            }
            else if (streamed.TryPickDelta(out var delta))
            {
                output = delta.Usage.OutputTokens;
            }
        }

        Assert.NotNull(start);
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(written, start.CacheReadInputTokens);
        Assert.Equal(0, start.CacheCreationInputTokens ?? 0);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
        Assert.NotNull(entry);
        Assert.Equal(written, entry.CachedInputTokens);
        Assert.Equal(PublishedPrices.ClaudeSonnet45(start.InputTokens, 0, written, output!.Value), entry.CostUsd);
    }

    [Fact]
    public async Task A_one_hour_anthropic_breakpoint_is_billed_at_the_one_hour_write_price()
    {
        var client = fixture.Anthropic();
        var request = CachedSystem("What is billed?", (LongPrompt.About("One hour"), Ttl.Ttl1h));

        using var response = await client.WithRawResponse.Messages.Create(request);
        var usage = (await response.Deserialize()).Usage;

        var written = usage.CacheCreationInputTokens ?? 0;
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(written, usage.CacheCreation?.Ephemeral1hInputTokens);
        Assert.Equal(0, usage.CacheCreation?.Ephemeral5mInputTokens);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));
        Assert.NotNull(entry);
        Assert.Equal((usage.InputTokens + written, written, written), (entry.InputTokens, entry.CacheWriteTokens, entry.CacheWrite1hTokens));
        Assert.Equal(PublishedPrices.ClaudeSonnet45(usage.InputTokens, 0, written, 0, usage.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task One_hour_and_five_minute_writes_in_one_call_are_each_billed_at_their_own_price()
    {
        var client = fixture.Anthropic();

        // Anthropic wants 1-hour breakpoints before 5-minute ones: the first block is kept an hour, the second five minutes.
        var request = CachedSystem("What is billed?", (LongPrompt.About("Kept an hour"), Ttl.Ttl1h), (LongPrompt.About("Kept five minutes"), Ttl.Ttl5m));

        using var response = await client.WithRawResponse.Messages.Create(request);
        var usage = (await response.Deserialize()).Usage;

        var oneHour = usage.CacheCreation?.Ephemeral1hInputTokens ?? 0;
        var fiveMinutes = usage.CacheCreation?.Ephemeral5mInputTokens ?? 0;
        Assert.True(oneHour >= 1024 && fiveMinutes > 0, $"1h {oneHour}, 5m {fiveMinutes}");
        Assert.Equal(oneHour + fiveMinutes, usage.CacheCreationInputTokens);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));
        Assert.NotNull(entry);
        Assert.Equal((oneHour + fiveMinutes, oneHour), (entry.CacheWriteTokens, entry.CacheWrite1hTokens));
        Assert.Equal(PublishedPrices.ClaudeSonnet45(usage.InputTokens, fiveMinutes, oneHour, 0, usage.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task A_streamed_one_hour_write_is_reported_in_message_start_and_billed_at_the_one_hour_price()
    {
        var client = fixture.Anthropic();
        var request = CachedSystem("What is billed?", (LongPrompt.About("Streamed hour"), Ttl.Ttl1h));

        using var response = await client.WithRawResponse.Messages.CreateStreaming(request);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        Usage? start = null;
        long? output = null;
        await foreach (var streamed in response.Enumerate())
        {
            if (streamed.TryPickStart(out var started))
            {
                start = started.Message.Usage;
            }
            else if (streamed.TryPickDelta(out var delta))
            {
                output = delta.Usage.OutputTokens;
            }
        }

        Assert.NotNull(start);
        var written = start.CacheCreation?.Ephemeral1hInputTokens ?? 0;
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(written, start.CacheCreationInputTokens);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId);
        Assert.NotNull(entry);
        Assert.True(entry.Stream);
        Assert.Equal((written, written), (entry.CacheWriteTokens, entry.CacheWrite1hTokens));
        Assert.Equal(PublishedPrices.ClaudeSonnet45(start.InputTokens, 0, written, 0, output!.Value), entry.CostUsd);
    }
}
