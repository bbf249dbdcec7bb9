using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>The simulated Anthropic provider caches prompt prefixes at <c>cache_control</c> breakpoints, as Anthropic documents.</summary>
public sealed class AnthropicPromptCachingTests
{
    private const string Sonnet = "claude-sonnet-4-5";
    private const string Haiku = "claude-haiku-4-5";
    private const string Path = "v1/messages";

    private static JsonObject Marker(string? ttl = null) =>
        ttl is null ? new JsonObject { ["type"] = "ephemeral" } : new JsonObject { ["type"] = "ephemeral", ["ttl"] = ttl };

    private static JsonObject Text(string text, JsonObject? marker = null)
    {
        var block = new JsonObject { ["type"] = "text", ["text"] = text };
        if (marker is not null)
        {
            block["cache_control"] = marker;
        }

        return block;
    }

    private static JsonObject User(params JsonNode[] blocks) => new() { ["role"] = "user", ["content"] = new JsonArray(blocks) };

    private static JsonObject Assistant(string text) => new() { ["role"] = "assistant", ["content"] = text };

    private static JsonObject Body(string model, JsonArray? system, params JsonNode[] messages)
    {
        var body = new JsonObject { ["model"] = model, ["max_tokens"] = 64 };
        if (system is not null)
        {
            body["system"] = system;
        }

        body["messages"] = new JsonArray(messages);
        return body;
    }

    /// <summary>A long system prompt with a breakpoint, then a short question.</summary>
    private static JsonObject CachedSystem(string model, string topic, string question, string? ttl = null) =>
        Body(model, [Text(LongText.Of(topic, 80), Marker(ttl))], User(Text(question)));

    /// <summary>The tokens of the body's system prompt: what a breakpoint on its last block caches.</summary>
    private static async Task<long> SystemTokensAsync(CachingSimulator simulator, JsonObject body)
    {
        var withoutSystem = body.DeepClone().AsObject();
        withoutSystem.Remove("system");
        return await simulator.CountTokensAsync(body) - await simulator.CountTokensAsync(withoutSystem);
    }

    private static (long Input, long Write, long Read, long Write5m, long Write1h) Read(JsonElement usage) => (
        usage.GetProperty("input_tokens").GetInt64(),
        usage.GetProperty("cache_creation_input_tokens").GetInt64(),
        usage.GetProperty("cache_read_input_tokens").GetInt64(),
        usage.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt64(),
        usage.GetProperty("cache_creation").GetProperty("ephemeral_1h_input_tokens").GetInt64());

    [Fact]
    public async Task A_breakpoint_writes_its_prefix_on_first_use_and_a_later_call_reads_it()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Budgets", "What does a budget cap?");
        var cached = await SystemTokensAsync(simulator, body);
        Assert.True(cached >= 1024, $"the system prompt counts {cached} tokens");

        var first = Read(await simulator.UsageAsync(Path, body));
        var second = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal((cached, 0L, cached, 0L), (first.Write, first.Read, first.Write5m, first.Write1h));
        Assert.Equal((0L, cached), (second.Write, second.Read));
    }

    [Fact]
    public async Task Input_tokens_count_only_the_tokens_after_the_last_breakpoint()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Ledgers", "Which row holds the cost?");
        var total = await simulator.CountTokensAsync(body);
        var cached = await SystemTokensAsync(simulator, body);

        var first = Read(await simulator.UsageAsync(Path, body));
        var second = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(total - cached, first.Input);
        Assert.Equal(total - cached, second.Input);
        Assert.Equal(total, first.Input + first.Write + first.Read);
        Assert.Equal(total, second.Input + second.Write + second.Read);
    }

    [Fact]
    public async Task A_one_hour_breakpoint_is_written_as_one_hour_tokens()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Routing", "Which model is cheaper?", "1h");
        var cached = await SystemTokensAsync(simulator, body);

        var usage = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal((cached, 0L, cached), (usage.Write, usage.Write5m, usage.Write1h));
    }

    [Fact]
    public async Task Mixed_lifetimes_bill_up_to_the_last_one_hour_breakpoint_at_one_hour_and_the_rest_at_five_minutes()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var system = LongText.Of("Tenancy", 70);
        var document = LongText.Of("Coalescing", 70);
        var body = Body(Sonnet, [Text(system, Marker("1h"))], User(Text(document, Marker("5m")), Text("Summarise it.")));
        var systemTokens = await SystemTokensAsync(simulator, body);
        var withoutQuestion = Body(Sonnet, [Text(system)], User(Text(document)));
        var throughDocument = await simulator.CountTokensAsync(withoutQuestion) - TokenCounter.ReplyPriming;

        var usage = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(systemTokens, usage.Write1h);
        Assert.Equal(throughDocument - systemTokens, usage.Write5m);
        Assert.Equal(0, usage.Read);
    }

    [Fact]
    public async Task The_longest_cached_breakpoint_is_read_and_the_rest_is_written_up_to_the_last_breakpoint()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var system = LongText.Of("Semantic cache", 70);
        var document = LongText.Of("Thresholds", 70);
        await simulator.UsageAsync(Path, Body(Sonnet, [Text(system, Marker())], User(Text("First question?"))));
        var body = Body(Sonnet, [Text(system, Marker())], User(Text(document, Marker()), Text("Second question?")));
        var systemTokens = await SystemTokensAsync(simulator, body);
        var total = await simulator.CountTokensAsync(body);
        var throughDocument = await simulator.CountTokensAsync(Body(Sonnet, [Text(system)], User(Text(document)))) - TokenCounter.ReplyPriming;

        var usage = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(systemTokens, usage.Read);
        Assert.Equal(throughDocument - systemTokens, usage.Write);
        Assert.Equal(total - throughDocument, usage.Input);
    }

    [Fact]
    public async Task When_several_breakpoints_are_cached_the_longest_is_read()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var system = LongText.Of("Several", 70);
        var document = LongText.Of("Breakpoints", 70);
        var body = Body(Sonnet, [Text(system, Marker())], User(Text(document, Marker()), Text("Which one is read?")));
        var throughDocument = await simulator.CountTokensAsync(Body(Sonnet, [Text(system)], User(Text(document)))) - TokenCounter.ReplyPriming;

        await simulator.UsageAsync(Path, body);
        var usage = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal((throughDocument, 0L), (usage.Read, usage.Write));
    }

    [Fact]
    public async Task A_prefix_shorter_than_the_models_minimum_is_neither_written_nor_read_and_is_no_error()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        // About 1,700 tokens: over Claude Sonnet 4.5's minimum of 1,024, under Claude Haiku 4.5's 4,096.
        var haiku = CachedSystem(Haiku, "Feedback", "Was it usable?");
        var sonnet = CachedSystem(Sonnet, "Feedback", "Was it usable?");
        var total = await simulator.CountTokensAsync(haiku);

        var first = Read(await simulator.UsageAsync(Path, haiku));
        var second = Read(await simulator.UsageAsync(Path, haiku));
        var other = Read(await simulator.UsageAsync(Path, sonnet));

        Assert.Equal((total, 0L, 0L), (first.Input, first.Write, first.Read));
        Assert.Equal((total, 0L, 0L), (second.Input, second.Write, second.Read));
        Assert.True(other.Write > 0, "the same prefix is long enough for Claude Sonnet 4.5");
    }

    [Fact]
    public async Task A_prefix_over_the_haiku_minimum_is_cached_for_haiku()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Haiku, [Text(LongText.Of("Batches", 230), Marker())], User(Text("When is the batch sent?")));
        var cached = await SystemTokensAsync(simulator, body);
        Assert.True(cached >= 4096, $"the system prompt counts {cached} tokens");

        await simulator.UsageAsync(Path, body);
        var second = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(cached, second.Read);
    }

    [Theory]
    [InlineData(Path)]
    [InlineData("v1/messages/count_tokens")]
    public async Task More_than_four_breakpoints_are_refused_with_400_in_anthropics_error_shape(string path)
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(
            Sonnet,
            [Text("One.", Marker()), Text("Two.", Marker()), Text("Three.", Marker())],
            User(Text("Four.", Marker()), Text("Five.", Marker())));

        var (status, error) = await simulator.PostAsync(path, body);

        Assert.Equal(400, status);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("A maximum of 4 blocks with cache_control may be provided. Found 5.", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_automatic_breakpoint_counts_against_the_four()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text("One.", Marker()), Text("Two.", Marker()), Text("Three.", Marker())], User(Text("Four.", Marker()), Text("Last.")));
        var (fourStatus, _) = await simulator.PostAsync(Path, body);
        body["cache_control"] = Marker();

        var (status, error) = await simulator.PostAsync(Path, body);

        Assert.Equal(200, fourStatus);
        Assert.Equal(400, status);
        Assert.Equal("A maximum of 4 blocks with cache_control may be provided. Found 5.", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_one_hour_breakpoint_after_a_five_minute_one_is_refused()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text("Rules.", Marker("5m"))], User(Text("Question.", Marker("1h"))));

        var (status, error) = await simulator.PostAsync(Path, body);

        Assert.Equal(400, status);
        Assert.Contains("messages.0.content.0.cache_control.ttl", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ttl_other_than_five_minutes_or_one_hour_is_refused()
    {
        await using var simulator = await CachingSimulator.StartAsync();

        var (status, error) = await simulator.PostAsync(Path, Body(Sonnet, [Text("Rules.", Marker("10m"))], User(Text("Question."))));

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_five_minute_entry_expires_five_minutes_after_its_last_use_and_each_read_refreshes_it()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Rate limits", "How many per minute?");
        var cached = await SystemTokensAsync(simulator, body);

        await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterFour = Read(await simulator.UsageAsync(Path, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterEight = Read(await simulator.UsageAsync(Path, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var afterIdle = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(cached, afterFour.Read);
        Assert.Equal(cached, afterEight.Read);
        Assert.Equal((0L, cached), (afterIdle.Read, afterIdle.Write));
    }

    [Fact]
    public async Task A_one_hour_entry_outlives_five_minutes_and_expires_an_hour_after_its_last_use()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Alerts", "Who is told?", "1h");
        var cached = await SystemTokensAsync(simulator, body);

        await simulator.UsageAsync(Path, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(50));
        var afterFifty = Read(await simulator.UsageAsync(Path, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(61));
        var afterIdle = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(cached, afterFifty.Read);
        Assert.Equal((0L, cached), (afterIdle.Read, afterIdle.Write1h));
    }

    [Fact]
    public async Task A_breakpoint_moved_to_the_end_of_a_growing_conversation_reads_the_previous_turns_entry()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var document = LongText.Of("Conversations", 80);
        var turnOne = Body(Sonnet, null, User(Text(document, Marker())));
        var written = Read(await simulator.UsageAsync(Path, turnOne)).Write;
        var turnTwo = Body(Sonnet, null, User(Text(document)), Assistant("Noted."), User(Text("And the cost?", Marker())));
        var throughQuestion = await simulator.CountTokensAsync(turnTwo) - TokenCounter.ReplyPriming;

        var usage = Read(await simulator.UsageAsync(Path, turnTwo));

        Assert.Equal(written, usage.Read);
        Assert.Equal(throughQuestion - written, usage.Write);
    }

    [Fact]
    public async Task The_lookback_stops_twenty_blocks_before_a_breakpoint()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var document = LongText.Of("Lookback", 80);
        await simulator.UsageAsync(Path, Body(Sonnet, null, User(Text(document, Marker()))));
        // The breakpoint's own block is the first of the twenty positions checked.
        var near = User([Text(document), .. Enumerable.Range(0, 18).Select(i => Text($"Block {i}.")), Text("Last.", Marker())]);
        var far = User([Text(document), .. Enumerable.Range(0, 19).Select(i => Text($"Block {i}.")), Text("Last.", Marker())]);

        var within = Read(await simulator.UsageAsync(Path, Body(Sonnet, null, near)));
        var beyond = Read(await simulator.UsageAsync(Path, Body(Sonnet, null, far)));

        Assert.True(within.Read > 0, "the entry is the twentieth position counted from the breakpoint");
        Assert.Equal(0, beyond.Read);
    }

    [Fact]
    public async Task Automatic_caching_puts_the_breakpoint_on_the_last_block()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text(LongText.Of("Automatic", 80))], User(Text("Where is the breakpoint?")));
        body["cache_control"] = Marker();
        var total = await simulator.CountTokensAsync(body);

        var first = Read(await simulator.UsageAsync(Path, body));
        var second = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal(total - TokenCounter.ReplyPriming, first.Write);
        Assert.Equal(total - TokenCounter.ReplyPriming, second.Read);
        Assert.Equal(TokenCounter.ReplyPriming, second.Input);
    }

    [Fact]
    public async Task A_changed_tool_definition_invalidates_the_system_prefix_after_it()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        JsonObject WithTool(string description)
        {
            var body = CachedSystem(Sonnet, "Tools", "Call it?");
            body["tools"] = new JsonArray(new JsonObject { ["name"] = "lookup", ["description"] = description, ["input_schema"] = new JsonObject { ["type"] = "object" } });
            return body;
        }

        // One word changed and the same token count: the system prompt after the tools ends at the same position.
        Assert.Equal(TokenCounter.Shared.CountText(Sonnet, "Looks a key up."), TokenCounter.Shared.CountText(Sonnet, "Looks a row up."));

        await simulator.UsageAsync(Path, WithTool("Looks a key up."));
        var same = Read(await simulator.UsageAsync(Path, WithTool("Looks a key up.")));
        var changed = Read(await simulator.UsageAsync(Path, WithTool("Looks a row up.")));

        Assert.True(same.Read > 0);
        Assert.Equal(0, changed.Read);
        Assert.True(changed.Write > 0);
    }

    [Fact]
    public async Task A_stream_reports_the_cache_in_message_start_and_repeats_it_in_message_delta()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Streams", "How does it end?");
        body["stream"] = true;
        var total = await simulator.CountTokensAsync(body);
        var cached = await SystemTokensAsync(simulator, body);

        var first = await simulator.StreamAsync(Path, body);
        var second = await simulator.StreamAsync(Path, body);

        var firstStart = Read(first[0].GetProperty("message").GetProperty("usage"));
        var secondStart = Read(second[0].GetProperty("message").GetProperty("usage"));
        var secondDelta = second.Single(e => e.GetProperty("type").GetString() == "message_delta").GetProperty("usage");
        Assert.Equal((total - cached, cached, 0L, cached), (firstStart.Input, firstStart.Write, firstStart.Read, firstStart.Write5m));
        Assert.Equal((total - cached, 0L, cached), (secondStart.Input, secondStart.Write, secondStart.Read));
        Assert.Equal(cached, secondDelta.GetProperty("cache_read_input_tokens").GetInt64());
        Assert.Equal(0, secondDelta.GetProperty("cache_creation_input_tokens").GetInt64());
        Assert.Equal(total - cached, secondDelta.GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public async Task A_prompt_without_breakpoints_is_never_cached()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text(LongText.Of("Plain", 80))], User(Text("Cached?")));

        await simulator.UsageAsync(Path, body);
        var second = Read(await simulator.UsageAsync(Path, body));

        Assert.Equal((0L, 0L), (second.Write, second.Read));
    }
}
