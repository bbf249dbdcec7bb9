using System.Text.Json;
using Anthropic.Models.Messages;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// The gateway's Anthropic cache breakpoints, through the official SDK against the simulator: where they go (the body the
/// simulator received), where they do not (the client's own, an opted-out feature, a prefix below the model's minimum),
/// and what the calls cost: the first writes the prefix at the write premium, the second reads it at the cached price,
/// each bill computed here by hand from the published prices, and the saving credited to <c>prompt-cache</c> only where
/// the gateway's hint made it.
/// </summary>
public sealed class AnthropicCacheHintTests(PromptCacheGateway fixture) : IClassFixture<PromptCacheGateway>
{
    private const decimal Million = 1_000_000m;

    private static MessageCreateParams Request(string system, string question) => new()
    {
        Model = PromptCacheGateway.AnthropicModel,
        MaxTokens = 64,
        System = system,
        Messages = [new UserMessageParam(question)],
    };

    [Fact]
    public async Task A_long_system_prompt_gets_a_breakpoint_and_the_second_call_is_billed_the_cache_read()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var request = Request(LongPrompt.About("Hinted system"), "What is billed?");

        using var firstResponse = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var first = (await firstResponse.Deserialize()).Usage;
        using var secondResponse = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var second = (await secondResponse.Deserialize()).Usage;
        var firstId = Assert.Single(firstResponse.GetHeaderValues("x-tollgate-request-id"));
        var secondId = Assert.Single(secondResponse.GetHeaderValues("x-tollgate-request-id"));

        var system = (await fixture.UpstreamBodyAsync(firstId)).GetProperty("system");
        Assert.Equal(JsonValueKind.Array, system.ValueKind);
        Assert.Equal("ephemeral", Assert.Single(system.EnumerateArray()).GetProperty("cache_control").GetProperty("type").GetString());

        var written = first.CacheCreationInputTokens ?? 0;
        Assert.True(written >= 1024, $"written {written}");
        Assert.Equal(written, second.CacheReadInputTokens);

        // Claude Sonnet 4.5: input $3, 5-minute cache write $3.75, cache read $0.30, output $15 per million tokens.
        var writeRow = await fixture.RowAsync(firstId);
        Assert.Equal((first.InputTokens * 3m + written * 3.75m + first.OutputTokens * 15m) / Million, writeRow.CostUsd);
        Assert.Equal(((first.InputTokens + written) * 3m + first.OutputTokens * 15m) / Million, writeRow.BaselineCostUsd);
        Assert.Equal(-written * 0.75m / Million, Assert.Single(writeRow.Savings, s => s.Lever == Levers.PromptCache).SavedUsd);
        Assert.Null(writeRow.Lever);

        var readRow = await fixture.RowAsync(secondId);
        Assert.Equal((second.InputTokens * 3m + written * 0.30m + second.OutputTokens * 15m) / Million, readRow.CostUsd);
        Assert.Equal(((second.InputTokens + written) * 3m + second.OutputTokens * 15m) / Million, readRow.BaselineCostUsd);
        Assert.Equal(written * 2.70m / Million, Assert.Single(readRow.Savings).SavedUsd);
        Assert.Equal(Levers.PromptCache, readRow.Lever);
    }

    [Fact]
    public async Task A_streamed_call_after_a_hinted_one_reads_the_cache_and_its_row_bills_the_read()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var request = Request(LongPrompt.About("Hinted stream"), "What is billed?");
        var written = (await clients.Anthropic.Messages.Create(request)).Usage.CacheCreationInputTokens ?? 0;

        using var response = await clients.Anthropic.WithRawResponse.Messages.CreateStreaming(request);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));
        Usage? start = null;
        long output = 0;
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
        var row = await fixture.RowAsync(requestId);
        Assert.True(row.Stream);
        Assert.Equal((start.InputTokens * 3m + written * 0.30m + output * 15m) / Million, row.CostUsd);
        Assert.Equal(((start.InputTokens + written) * 3m + output * 15m) / Million, row.BaselineCostUsd);
        Assert.Equal(Levers.PromptCache, row.Lever);
    }

    [Fact]
    public async Task Tools_system_and_the_earlier_turns_each_get_a_breakpoint_in_a_long_conversation()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var request = new MessageCreateParams
        {
            Model = PromptCacheGateway.AnthropicModel,
            MaxTokens = 64,
            Tools = [new Tool { Name = "lookup", Description = LongPrompt.About("Tool"), InputSchema = new InputSchema { Properties = new Dictionary<string, JsonElement>() } }],
            System = "You answer billing questions.",
            Messages = [new UserMessageParam("First question?"), new AssistantMessageParam("First answer."), new UserMessageParam("Second question?")],
        };

        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var upstream = await fixture.UpstreamBodyAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));

        Assert.Equal(3, PromptCacheGateway.Breakpoints(upstream));
        Assert.True(Assert.Single(upstream.GetProperty("tools").EnumerateArray()).TryGetProperty("cache_control", out _));
        Assert.True(upstream.GetProperty("system")[0].TryGetProperty("cache_control", out _));
        Assert.True(upstream.GetProperty("messages")[1].GetProperty("content")[0].TryGetProperty("cache_control", out _));
        Assert.Equal(JsonValueKind.String, upstream.GetProperty("messages")[2].GetProperty("content").ValueKind);
    }

    [Fact]
    public async Task The_clients_own_breakpoint_is_left_alone_and_its_saving_is_the_providers()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var request = new MessageCreateParams
        {
            Model = PromptCacheGateway.AnthropicModel,
            MaxTokens = 64,
            System = new List<TextBlockParam> { new() { Text = LongPrompt.About("Own breakpoint"), CacheControl = new CacheControlEphemeral() } },
            Messages = [new UserMessageParam("First question?"), new AssistantMessageParam("First answer."), new UserMessageParam("Second?")],
        };

        await clients.Anthropic.Messages.Create(request);
        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));

        Assert.Equal(1, PromptCacheGateway.Breakpoints(await fixture.UpstreamBodyAsync(requestId)));
        var row = await fixture.RowAsync(requestId);
        Assert.True(row.CachedInputTokens >= 1024, $"cached {row.CachedInputTokens}");
        Assert.Equal(Levers.ProviderCache, row.Lever);
        Assert.DoesNotContain(row.Savings, s => s.Lever == Levers.PromptCache);
    }

    [Fact]
    public async Task A_feature_that_opted_out_gets_no_breakpoint_and_caches_nothing()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Unhinted);
        var request = Request(LongPrompt.About("Opted out"), "What is billed?");

        await clients.Anthropic.Messages.Create(request);
        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var requestId = Assert.Single(response.GetHeaderValues("x-tollgate-request-id"));

        var upstream = await fixture.UpstreamBodyAsync(requestId);
        Assert.Equal(0, PromptCacheGateway.Breakpoints(upstream));
        Assert.Equal(JsonValueKind.String, upstream.GetProperty("system").ValueKind);
        var row = await fixture.RowAsync(requestId);
        Assert.Equal((0L, 0L), (row.CachedInputTokens, row.CacheWriteTokens));
        Assert.Empty(row.Savings);
    }

    [Fact]
    public async Task A_prompt_below_the_models_minimum_cacheable_length_gets_no_breakpoint()
    {
        using var clients = fixture.ClientsFor(PromptCacheGateway.Hinted);
        var request = new MessageCreateParams
        {
            Model = PromptCacheGateway.AnthropicModel,
            MaxTokens = 64,
            System = "You answer billing questions in one line.",
            Messages = [new UserMessageParam("First?"), new AssistantMessageParam("Yes."), new UserMessageParam(Controls.ControlsGateway.Unique("Second?"))],
        };

        using var response = await clients.Anthropic.WithRawResponse.Messages.Create(request);
        var upstream = await fixture.UpstreamBodyAsync(Assert.Single(response.GetHeaderValues("x-tollgate-request-id")));

        Assert.Equal(0, PromptCacheGateway.Breakpoints(upstream));
        Assert.Equal(JsonValueKind.String, upstream.GetProperty("system").ValueKind);
    }
}
