using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>The simulated OpenAI provider caches prompt prefixes automatically, as OpenAI documents.</summary>
public sealed class OpenAIPromptCachingTests
{
    private const string Model = "gpt-4o-mini";
    private const string Path = "v1/chat/completions";

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static JsonObject Chat(params JsonNode[] messages) => Chat(Model, messages);

    private static JsonObject Chat(string model, params JsonNode[] messages) => new() { ["model"] = model, ["messages"] = new JsonArray(messages) };

    /// <summary>What OpenAI reports cached for a prefix of <paramref name="tokens"/> tokens: 1,024 and then whole 128-token steps.</summary>
    private static long Cacheable(long tokens) => tokens < 1024 ? 0 : 1024 + ((tokens - 1024) / 128 * 128);

    private static long Cached(JsonElement usage) => usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt64();

    private static long Prompt(JsonElement usage) => usage.GetProperty("prompt_tokens").GetInt64();

    [Fact]
    public async Task A_repeated_prompt_reports_its_longest_prefix_cached_in_128_token_steps_through_the_sdk()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var chat = new ChatClient(Model, new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(simulator.Host.BaseAddress, "v1") });
        ChatMessage[] messages = [new SystemChatMessage(LongText.Of("Prompt caching", 90)), new UserChatMessage("What is cached?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages);
        ChatCompletion second = await chat.CompleteChatAsync(messages);

        var prompt = second.Usage.InputTokenCount;
        Assert.True(prompt > 1200, $"the prompt counts {prompt} tokens");
        Assert.Equal(0, first.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(Cacheable(prompt - TokenCounter.ReplyPriming), second.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, second.Usage.InputTokenDetails.CachedTokenCount % 128);
        Assert.Equal(first.Usage.InputTokenCount, prompt);
    }

    [Fact]
    public async Task A_prompt_under_1024_tokens_is_never_cached()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Chat(Message("user", LongText.Of("Short", 40)));

        var first = await simulator.UsageAsync(Path, body);
        var second = await simulator.UsageAsync(Path, body);

        Assert.InRange(Prompt(second), 500, 1023);
        Assert.Equal(0, Cached(first));
        Assert.Equal(0, Cached(second));
    }

    [Fact]
    public async Task A_prompt_that_shares_a_prefix_with_an_earlier_one_reads_the_shared_part()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        // The shared part is the system message and the next message's framing; the questions differ from their first token.
        var system = LongText.Of("Shared instructions", 70);
        var systemMessage = TokenCounter.PerMessageOverhead + TokenCounter.Shared.CountText(Model, "system") + TokenCounter.Shared.CountText(Model, system);
        var shared = systemMessage + TokenCounter.PerMessageOverhead + TokenCounter.Shared.CountText(Model, "user");
        Assert.True(Cacheable(systemMessage) == Cacheable(shared), "the shared part ends in the same 128-token step either way");

        await simulator.UsageAsync(Path, Chat(Message("system", system), Message("user", LongText.Of("Apples", 30))));
        var usage = await simulator.UsageAsync(Path, Chat(Message("system", system), Message("user", LongText.Of("Pears", 30))));

        Assert.Equal(Cacheable(shared), Cached(usage));
        Assert.True(Cached(usage) >= 1024);
    }

    [Fact]
    public async Task Another_model_does_not_read_the_prefix()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var text = LongText.Of("Models", 90);

        await simulator.UsageAsync(Path, Chat("gpt-4o-mini", Message("user", text)));
        var other = await simulator.UsageAsync(Path, Chat("gpt-4o", Message("user", text)));

        Assert.Equal(0, Cached(other));
    }

    [Fact]
    public async Task Tool_definitions_come_first_in_the_prefix()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        JsonObject WithTool(string description)
        {
            var body = Chat(Message("system", LongText.Of("Tools first", 90)), Message("user", "Go."));
            body["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "lookup", ["description"] = description, ["parameters"] = new JsonObject { ["type"] = "object" } },
            });
            return body;
        }

        // One word changed and the same token count: the messages after the tools sit at the same positions.
        Assert.Equal(TokenCounter.Shared.CountText(Model, "Looks a key up."), TokenCounter.Shared.CountText(Model, "Looks a row up."));

        await simulator.UsageAsync(Path, WithTool("Looks a key up."));
        var same = await simulator.UsageAsync(Path, WithTool("Looks a key up."));
        var changed = await simulator.UsageAsync(Path, WithTool("Looks a row up."));

        Assert.True(Cached(same) >= 1024);
        Assert.Equal(0, Cached(changed));
    }

    [Fact]
    public async Task A_prefix_expires_after_the_idle_time_and_each_use_refreshes_it()
    {
        await using var simulator = await CachingSimulator.StartAsync(options => options.OpenAIPromptCacheIdleSeconds = 300);
        var body = Chat(Message("user", LongText.Of("Idle", 90)));

        await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterFour = await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterEight = await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromSeconds(301));
        var afterIdle = await simulator.UsageAsync(Path, body);

        Assert.True(Cached(afterFour) >= 1024);
        Assert.Equal(Cached(afterFour), Cached(afterEight));
        Assert.Equal(0, Cached(afterIdle));
    }

    [Fact]
    public async Task Extended_retention_keeps_the_prefix_for_24_hours()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Chat(Message("user", LongText.Of("Retention", 90)));
        body["prompt_cache_retention"] = "24h";

        await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromHours(23));
        var afterADay = await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var afterIdle = await simulator.UsageAsync(Path, body);

        Assert.True(Cached(afterADay) >= 1024);
        Assert.Equal(0, Cached(afterIdle));
    }

    [Fact]
    public async Task The_usage_chunk_of_a_stream_reports_the_cached_tokens()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Chat(Message("user", LongText.Of("Streaming", 90)));
        var whole = await simulator.UsageAsync(Path, body);
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var events = await simulator.StreamAsync(Path, body);

        var usage = events[^1].GetProperty("usage");
        Assert.Equal(Cacheable(Prompt(whole) - TokenCounter.ReplyPriming), Cached(usage));
        Assert.Equal(Prompt(whole), Prompt(usage));
    }

    [Fact]
    public async Task A_simulator_with_no_prompt_cache_entries_caches_nothing()
    {
        await using var simulator = await CachingSimulator.StartAsync(options => options.PromptCacheEntries = 0);
        var body = Chat(Message("user", LongText.Of("Off", 90)));

        await simulator.UsageAsync(Path, body);
        var second = await simulator.UsageAsync(Path, body);

        Assert.Equal(0, Cached(second));
    }
}
