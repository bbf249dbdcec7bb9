using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Tokens;
using static Tollgate.Providers.Tests.Simulation.PromptCaching.AnthropicCacheBodies;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>The simulated Anthropic provider caches prompt prefixes at <c>cache_control</c> breakpoints, as Anthropic documents.</summary>
public sealed class AnthropicPromptCachingTests
{
    [Fact]
    public async Task A_breakpoint_writes_its_prefix_on_first_use_and_a_later_call_reads_it()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Budgets", "What does a budget cap?");
        var cached = await SystemTokensAsync(simulator, body);
        Assert.True(cached >= 1024, $"the system prompt counts {cached} tokens");

        var first = Read(await simulator.UsageAsync(MessagesPath, body));
        var second = Read(await simulator.UsageAsync(MessagesPath, body));

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

        var first = Read(await simulator.UsageAsync(MessagesPath, body));
        var second = Read(await simulator.UsageAsync(MessagesPath, body));

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

        var usage = Read(await simulator.UsageAsync(MessagesPath, body));

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

        var usage = Read(await simulator.UsageAsync(MessagesPath, body));

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
        await simulator.UsageAsync(MessagesPath, Body(Sonnet, [Text(system, Marker())], User(Text("First question?"))));
        var body = Body(Sonnet, [Text(system, Marker())], User(Text(document, Marker()), Text("Second question?")));
        var systemTokens = await SystemTokensAsync(simulator, body);
        var total = await simulator.CountTokensAsync(body);
        var throughDocument = await simulator.CountTokensAsync(Body(Sonnet, [Text(system)], User(Text(document)))) - TokenCounter.ReplyPriming;

        var usage = Read(await simulator.UsageAsync(MessagesPath, body));

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

        await simulator.UsageAsync(MessagesPath, body);
        var usage = Read(await simulator.UsageAsync(MessagesPath, body));

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

        var first = Read(await simulator.UsageAsync(MessagesPath, haiku));
        var second = Read(await simulator.UsageAsync(MessagesPath, haiku));
        var other = Read(await simulator.UsageAsync(MessagesPath, sonnet));

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

        await simulator.UsageAsync(MessagesPath, body);
        var second = Read(await simulator.UsageAsync(MessagesPath, body));

        Assert.Equal(cached, second.Read);
    }

    [Fact]
    public async Task A_five_minute_entry_expires_five_minutes_after_its_last_use_and_each_read_refreshes_it()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = CachedSystem(Sonnet, "Rate limits", "How many per minute?");
        var cached = await SystemTokensAsync(simulator, body);

        await simulator.UsageAsync(MessagesPath, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterFour = Read(await simulator.UsageAsync(MessagesPath, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var afterEight = Read(await simulator.UsageAsync(MessagesPath, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var afterIdle = Read(await simulator.UsageAsync(MessagesPath, body));

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

        await simulator.UsageAsync(MessagesPath, body);
        simulator.Time.Advance(TimeSpan.FromMinutes(50));
        var afterFifty = Read(await simulator.UsageAsync(MessagesPath, body));
        simulator.Time.Advance(TimeSpan.FromMinutes(61));
        var afterIdle = Read(await simulator.UsageAsync(MessagesPath, body));

        Assert.Equal(cached, afterFifty.Read);
        Assert.Equal((0L, cached), (afterIdle.Read, afterIdle.Write1h));
    }

    [Fact]
    public async Task A_breakpoint_moved_to_the_end_of_a_growing_conversation_reads_the_previous_turns_entry()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var document = LongText.Of("Conversations", 80);
        var turnOne = Body(Sonnet, null, User(Text(document, Marker())));
        var written = Read(await simulator.UsageAsync(MessagesPath, turnOne)).Write;
        var turnTwo = Body(Sonnet, null, User(Text(document)), Assistant("Noted."), User(Text("And the cost?", Marker())));
        var throughQuestion = await simulator.CountTokensAsync(turnTwo) - TokenCounter.ReplyPriming;

        var usage = Read(await simulator.UsageAsync(MessagesPath, turnTwo));

        Assert.Equal(written, usage.Read);
        Assert.Equal(throughQuestion - written, usage.Write);
    }

    [Fact]
    public async Task The_lookback_stops_twenty_blocks_before_a_breakpoint()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var document = LongText.Of("Lookback", 80);
        await simulator.UsageAsync(MessagesPath, Body(Sonnet, null, User(Text(document, Marker()))));
        // The breakpoint's own block is the first of the twenty positions checked.
        var near = User([Text(document), .. Enumerable.Range(0, 18).Select(i => Text($"Block {i}.")), Text("Last.", Marker())]);
        var far = User([Text(document), .. Enumerable.Range(0, 19).Select(i => Text($"Block {i}.")), Text("Last.", Marker())]);

        var within = Read(await simulator.UsageAsync(MessagesPath, Body(Sonnet, null, near)));
        var beyond = Read(await simulator.UsageAsync(MessagesPath, Body(Sonnet, null, far)));

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

        var first = Read(await simulator.UsageAsync(MessagesPath, body));
        var second = Read(await simulator.UsageAsync(MessagesPath, body));

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

        await simulator.UsageAsync(MessagesPath, WithTool("Looks a key up."));
        var same = Read(await simulator.UsageAsync(MessagesPath, WithTool("Looks a key up.")));
        var changed = Read(await simulator.UsageAsync(MessagesPath, WithTool("Looks a row up.")));

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

        var first = await simulator.StreamAsync(MessagesPath, body);
        var second = await simulator.StreamAsync(MessagesPath, body);

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

        await simulator.UsageAsync(MessagesPath, body);
        var second = Read(await simulator.UsageAsync(MessagesPath, body));

        Assert.Equal((0L, 0L), (second.Write, second.Read));
    }
}
