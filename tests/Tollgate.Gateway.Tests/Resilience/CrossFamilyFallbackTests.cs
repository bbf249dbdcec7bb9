using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Core.Ledger;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// A fallback chain that crosses provider families: an OpenAI client's call whose model keeps failing is carried on to
/// a Claude model, its request translated into the Messages API and the answer translated back, whole and streamed,
/// tool calls included; each attempt a record at its own provider and model, the row served and billed by the last,
/// its cached tokens credited by the hints of the body that model received.
/// </summary>
public sealed class CrossFamilyFallbackTests
{
    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    [Fact]
    public async Task A_failing_openai_model_falls_back_to_claude_and_the_answer_with_its_tool_call_comes_back_in_chat_form()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4o"] = ["claude-sonnet-4-5"];
        });
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };

        var result = await SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o").CompleteChatAsync([new UserChatMessage("Weather in Bergen? [[fault:529@gpt-4o]]")], options);
        var requestId = Header(result, "x-tollgate-request-id");
        var entry = await gateway.EntryAsync(requestId);

        Assert.Equal("claude-sonnet-4-5", Header(result, "x-tollgate-model"));
        Assert.Equal(ChatFinishReason.ToolCalls, result.Value.FinishReason);
        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        using (var arguments = JsonDocument.Parse(call.FunctionArguments.ToString()))
        {
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        }

        Assert.Equal(["gpt-4o", "claude-sonnet-4-5"], gateway.UpstreamModels(requestId));
        Assert.Equal(("gpt-4o", "anthropic"), (entry.RequestedModel, entry.Provider));
        Assert.StartsWith("claude-sonnet-4-5", entry.ServedModel, StringComparison.Ordinal);
        Assert.Equal([("openai", 503), ("anthropic", 200)], entry.AttemptRecords.Select(attempt => (attempt.Provider!, attempt.Status)));
        Assert.True(entry.InputTokens > 0 && entry.OutputTokens > 0);
        Assert.True(entry.CostUsd > 0m);
        Assert.Equal(entry.CostUsd, entry.AttemptRecords.Sum(attempt => attempt.CostUsd));
    }

    [Fact]
    public async Task A_streamed_call_falls_back_to_claude_before_its_first_byte_and_streams_chat_chunks_with_the_tool_call()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4.1"] = ["claude-sonnet-4-5"];
        });
        await gateway.FailAsync("gpt-4.1", "529");
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };

        var arguments = new StringBuilder();
        string? name = null;
        ChatFinishReason? finish = null;
        await foreach (var update in SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1").CompleteChatStreamingAsync([new UserChatMessage("Weather in Stavanger, streamed?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        var requestId = gateway.RequestIdOf("Weather in Stavanger, streamed?");
        var entry = await gateway.EntryAsync(requestId);
        Assert.Equal("get_weather", name);
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        using (var input = JsonDocument.Parse(arguments.ToString()))
        {
            Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        }

        Assert.Equal(["gpt-4.1", "claude-sonnet-4-5"], gateway.UpstreamModels(requestId));
        Assert.Equal("anthropic", entry.Provider);
        Assert.StartsWith("claude-sonnet-4-5", entry.ServedModel, StringComparison.Ordinal);
        Assert.Equal([503, 200], entry.AttemptRecords.Select(attempt => attempt.Status));
        Assert.True(entry.Stream);
        Assert.True(entry.OutputTokens > 0);
        Assert.Equal(entry.CostUsd, entry.AttemptRecords.Sum(attempt => attempt.CostUsd));
    }

    [Fact]
    public async Task A_fallback_to_gpt_leaves_the_breakpoints_written_for_claude_behind_and_credits_openais_own_caching_to_the_provider()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["claude-sonnet-4-5"] = ["gpt-4o-mini"];
        });
        var system = Guid.NewGuid().ToString("N") + " " + string.Concat(Enumerable.Repeat("Every request is one ledger row with its tokens, its cost and the lever that saved it. ", 120));
        string Ask(string question) => $$"""{"model":"claude-sonnet-4-5","max_tokens":32,"system":"{{system}}","messages":[{"role":"user","content":"{{question}} [[fault:529@claude-sonnet-4-5]]"}]}""";

        using (var first = await PostMessagesAsync(gateway, Ask("What is billed?")))
        {
            Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        }

        using var response = await PostMessagesAsync(gateway, Ask("What is saved?"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cached = answer.RootElement.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt64();
        var requestId = response.Headers.GetValues("x-tollgate-request-id").Single();
        var entry = await gateway.EntryAsync(requestId);

        // The claude attempt carried the gateway's breakpoints; the body gpt-4o-mini received is the translation, which has none.
        Assert.Equal(["claude-sonnet-4-5", "gpt-4o-mini"], gateway.UpstreamModels(requestId));
        Assert.StartsWith("gpt-4o-mini", entry.ServedModel, StringComparison.Ordinal);
        Assert.True(cached >= 1024, $"cached {cached}");
        Assert.Equal(cached, entry.CachedInputTokens);
        Assert.Contains(entry.Savings, saving => saving.Lever == Levers.ProviderCache);
        Assert.DoesNotContain(entry.Savings, saving => saving.Lever == Levers.PromptCache);
    }

    private static async Task<HttpResponseMessage> PostMessagesAsync(FallbackGateway gateway, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await gateway.Gateway.Http.SendAsync(request);
    }

    private static string Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value! : throw new Xunit.Sdk.XunitException($"no {name} header");
}
