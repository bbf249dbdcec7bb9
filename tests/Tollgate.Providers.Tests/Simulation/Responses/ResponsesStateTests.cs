using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Tests.Simulation.PromptCaching;

namespace Tollgate.Providers.Tests.Simulation.Responses;

/// <summary>
/// What the simulated provider keeps between Responses API calls, on the wire: prompt caching, continuations,
/// background responses on a clock the test moves, input items, token counts, and its 400s.
/// </summary>
public sealed class ResponsesStateTests
{
    private const string Model = "gpt-4o-mini";
    private const string Path = "v1/responses";

    private static JsonObject Ask(string input, string? instructions = null)
    {
        var body = new JsonObject { ["model"] = Model, ["input"] = input };
        if (instructions is not null)
        {
            body["instructions"] = instructions;
        }

        return body;
    }

    /// <summary>What OpenAI reports cached for a prefix of <paramref name="tokens"/> tokens: 1,024 and then whole 128-token steps.</summary>
    private static long Cacheable(long tokens) => tokens < 1024 ? 0 : 1024 + ((tokens - 1024) / 128 * 128);

    private static long Input(JsonElement response) => response.GetProperty("usage").GetProperty("input_tokens").GetInt64();

    private static long Cached(JsonElement response) => response.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64();

    private static string Status(JsonElement response) => response.GetProperty("status").GetString()!;

    private static async Task<JsonElement> CreateAsync(CachingSimulator simulator, JsonNode body)
    {
        var (status, answer) = await simulator.PostAsync(Path, body);
        Assert.True(status == 200, $"status {status}: {answer}");
        return answer;
    }

    private static async Task<(int Status, JsonElement Body)> GetAsync(CachingSimulator simulator, string path)
    {
        using var response = await simulator.Http.GetAsync(path);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static JsonElement Error(JsonElement body) => body.GetProperty("error");

    [Fact]
    public async Task A_repeated_long_prompt_reports_its_longest_prefix_cached_in_128_token_steps()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Ask("What is cached?", LongText.Of("Prompt caching", 90));

        var first = await CreateAsync(simulator, body);
        var second = await CreateAsync(simulator, body);

        Assert.True(Input(second) > 1200, $"the prompt counts {Input(second)} tokens");
        Assert.Equal(0, Cached(first));
        Assert.Equal(Cacheable(Input(second) - TokenCounter.ReplyPriming), Cached(second));
        Assert.Equal(Input(first), Input(second));
    }

    [Fact]
    public async Task A_streamed_response_reports_the_cached_tokens_in_its_final_event()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Ask("What is cached?", LongText.Of("Streamed caching", 90));
        var whole = await CreateAsync(simulator, body);

        body["stream"] = true;
        var events = await simulator.StreamAsync(Path, body);

        var final = events[^1];
        Assert.Equal("response.completed", final.GetProperty("type").GetString());
        Assert.Equal(Cacheable(Input(whole) - TokenCounter.ReplyPriming), Cached(final.GetProperty("response")));
        Assert.True(Cached(final.GetProperty("response")) >= 1024);
    }

    [Fact]
    public async Task A_continuation_reads_the_earlier_turn_from_the_cache_and_counts_it_as_input()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var first = await CreateAsync(simulator, Ask("Name a lever.", LongText.Of("Levers", 90)));
        var next = Ask("And another one?", LongText.Of("Levers", 90));
        next["previous_response_id"] = first.GetProperty("id").GetString();

        var second = await CreateAsync(simulator, next);

        Assert.True(Input(second) > Input(first) + first.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.True(Cached(second) >= 1024, $"cached {Cached(second)} of {Input(second)}");
        Assert.Equal(Cacheable(Input(first) - TokenCounter.ReplyPriming), Cached(second));
    }

    [Fact]
    public async Task Input_tokens_counts_what_the_response_reports()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var first = await CreateAsync(simulator, Ask("Name a lever.", "Be brief."));
        var next = Ask("And another one?", "Be brief.");
        next["previous_response_id"] = first.GetProperty("id").GetString();
        var second = await CreateAsync(simulator, next);

        var (status, count) = await simulator.PostAsync("v1/responses/input_tokens", next);

        Assert.Equal(200, status);
        Assert.Equal("response.input_tokens", count.GetProperty("object").GetString());
        Assert.Equal(Input(second), count.GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public async Task A_background_response_is_queued_then_in_progress_then_completed_when_its_time_has_passed()
    {
        await using var simulator = await CachingSimulator.StartAsync(options => options.BackgroundMs = 5_000);
        var body = Ask("Think about it in the background.");
        body["background"] = true;

        var queued = await CreateAsync(simulator, body);
        var id = queued.GetProperty("id").GetString();
        var (_, running) = await GetAsync(simulator, $"{Path}/{id}");
        simulator.Time.Advance(TimeSpan.FromSeconds(5));
        var (_, done) = await GetAsync(simulator, $"{Path}/{id}");

        Assert.Equal("queued", Status(queued));
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("usage").ValueKind);
        Assert.Equal(0, queued.GetProperty("output").GetArrayLength());
        Assert.True(queued.GetProperty("background").GetBoolean());
        Assert.Equal("in_progress", Status(running));
        Assert.Equal("completed", Status(done));
        Assert.Equal("message", done.GetProperty("output")[0].GetProperty("type").GetString());
        Assert.True(Input(done) > 0);
    }

    [Fact]
    public async Task Cancelling_a_background_response_in_progress_leaves_it_cancelled()
    {
        await using var simulator = await CachingSimulator.StartAsync(options => options.BackgroundMs = 5_000);
        var body = Ask("Think about it in the background.");
        body["background"] = true;
        var id = (await CreateAsync(simulator, body)).GetProperty("id").GetString();

        var (status, cancelled) = await simulator.PostAsync($"{Path}/{id}/cancel", new JsonObject());
        simulator.Time.Advance(TimeSpan.FromSeconds(5));
        var (_, later) = await GetAsync(simulator, $"{Path}/{id}");

        Assert.Equal(200, status);
        Assert.Equal("cancelled", Status(cancelled));
        Assert.Equal("cancelled", Status(later));
        Assert.Equal(JsonValueKind.Null, later.GetProperty("usage").ValueKind);
    }

    [Fact]
    public async Task Background_without_store_is_refused()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Ask("Hello");
        body["background"] = true;
        body["store"] = false;

        var (status, answer) = await simulator.PostAsync(Path, body);

        Assert.Equal(400, status);
        Assert.Equal("background", Error(answer).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Input_items_page_with_limit_and_after_in_either_order()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = new JsonObject
        {
            ["model"] = Model,
            ["input"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "one" },
                new JsonObject { ["role"] = "assistant", ["content"] = "two" },
                new JsonObject { ["type"] = "message", ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "three" }) }),
        };
        var id = (await CreateAsync(simulator, body)).GetProperty("id").GetString();

        var (_, newest) = await GetAsync(simulator, $"{Path}/{id}/input_items?limit=2");
        var (_, rest) = await GetAsync(simulator, $"{Path}/{id}/input_items?limit=2&after={newest.GetProperty("last_id").GetString()}");
        var (_, oldest) = await GetAsync(simulator, $"{Path}/{id}/input_items?order=asc&limit=1");

        static string[] Texts(JsonElement list) => [.. list.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("content")[0].GetProperty("text").GetString()!)];
        Assert.Equal("list", newest.GetProperty("object").GetString());
        Assert.Equal(["three", "two"], Texts(newest));
        Assert.True(newest.GetProperty("has_more").GetBoolean());
        Assert.Equal(newest.GetProperty("data")[0].GetProperty("id").GetString(), newest.GetProperty("first_id").GetString());
        Assert.Equal(["one"], Texts(rest));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        Assert.Equal(["one"], Texts(oldest));
        Assert.Equal("output_text", newest.GetProperty("data")[1].GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_web_search_tool_is_answered_with_a_web_search_call_before_the_message()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Ask("Latest news on ledgers?");
        body["tools"] = new JsonArray(new JsonObject { ["type"] = "web_search" });

        var response = await CreateAsync(simulator, body);
        body["stream"] = true;
        var events = await simulator.StreamAsync(Path, body);

        var output = response.GetProperty("output");
        Assert.Equal(2, output.GetArrayLength());
        Assert.Equal("web_search_call", output[0].GetProperty("type").GetString());
        Assert.StartsWith("ws_", output[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", output[0].GetProperty("status").GetString());
        Assert.Equal("search", output[0].GetProperty("action").GetProperty("type").GetString());
        Assert.Equal("message", output[1].GetProperty("type").GetString());
        Assert.Contains("response.web_search_call.completed", events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(2, events[^1].GetProperty("response").GetProperty("output").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"input":"hi"}""", "Missing required parameter: 'model'.", "model", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o-mini"}""", "Missing required parameter: 'input'.", "input", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o-mini","input":7}""", "Invalid type for 'input': expected a string or an array of input items, but got a number instead.", "input", "invalid_type")]
    [InlineData("""{"model":"gpt-4o-mini","input":"hi","stream":"yes"}""", "Invalid type for 'stream': expected a boolean, but got a string instead.", "stream", "invalid_type")]
    [InlineData("""{"model":"gpt-4o-mini","input":"hi","max_output_tokens":"many"}""", "Invalid type for 'max_output_tokens': expected an integer, but got a string instead.", "max_output_tokens", "invalid_type")]
    [InlineData("""{"model":"gpt-4o-mini","input":"hi","previous_response_id":"resp_missing"}""", "Previous response with id 'resp_missing' not found.", "previous_response_id", "previous_response_not_found")]
    [InlineData("""{"model":"gpt-4o-mini","input":[{"type":"function_call_output","output":"ok"}]}""", "Missing required parameter: 'input[0].call_id'.", "input[0].call_id", "missing_required_parameter")]
    public async Task A_bad_body_gets_a_400_in_openai_shape(string json, string message, string param, string code)
    {
        await using var simulator = await CachingSimulator.StartAsync();

        var (status, answer) = await simulator.PostAsync(Path, JsonNode.Parse(json)!);

        Assert.Equal(400, status);
        Assert.Equal(message, Error(answer).GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", Error(answer).GetProperty("type").GetString());
        Assert.Equal(param, Error(answer).GetProperty("param").GetString());
        Assert.Equal(code, Error(answer).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Every_route_under_an_unknown_id_gets_openai_404()
    {
        await using var simulator = await CachingSimulator.StartAsync();

        var (get, body) = await GetAsync(simulator, $"{Path}/resp_unknown");
        var (items, _) = await GetAsync(simulator, $"{Path}/resp_unknown/input_items");
        using var delete = await simulator.Http.DeleteAsync($"{Path}/resp_unknown");
        var (cancel, _) = await simulator.PostAsync($"{Path}/resp_unknown/cancel", new JsonObject());

        Assert.Equal([404, 404, 404, 404], new[] { get, items, (int)delete.StatusCode, cancel });
        Assert.Equal("Response with id 'resp_unknown' not found.", Error(body).GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", Error(body).GetProperty("type").GetString());
    }
}
