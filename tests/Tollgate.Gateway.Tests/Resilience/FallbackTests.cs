using System.ClientModel;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Core.Budgets;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// Retries and fallback chains through the official SDKs against the simulated provider: a rate-limited call waits
/// what the provider asked and succeeds; a model that keeps failing hands the call to the next model of its chain,
/// whole and streamed, tool calls included, each attempt a record billed at its own model; a stream broken after its
/// first byte is never restarted; a dearer fallback that does not fit the budget is refused with a 402.
/// </summary>
public sealed class FallbackTests
{
    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    [Fact]
    public async Task A_rate_limited_call_waits_the_providers_retry_after_and_succeeds_on_the_same_model()
    {
        await using var gateway = await FallbackGateway.StartAsync(options => options.Resilience.MaxRetries = 2);
        var waits = new ConcurrentQueue<(double Seconds, string Source)>();
        using var listener = gateway.ListenToRetryWaits(waits);
        await gateway.FailAsync("gpt-4o-mini", "429", times: 1);

        var result = await SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Name a harbour.")]);
        var requestId = Header(result, "x-tollgate-request-id");
        var entry = await gateway.EntryAsync(requestId);

        Assert.False(string.IsNullOrEmpty(result.Value.Content[0].Text));
        Assert.Equal((1.0, "retry_after"), Assert.Single(waits)); // the simulator's retry-after: 1, waited as asked
        Assert.Equal(["gpt-4o-mini", "gpt-4o-mini"], gateway.UpstreamModels(requestId));
        Assert.Equal(2, entry.Attempts);
        Assert.Equal([429, 200], entry.AttemptRecords.Select(attempt => attempt.Status));
        Assert.Equal(0m, entry.AttemptRecords[0].CostUsd);
        Assert.Equal(entry.CostUsd, entry.AttemptRecords[1].CostUsd);
        Assert.Equal(200, entry.Status);
    }

    [Fact]
    public async Task A_model_that_keeps_failing_falls_back_to_the_next_of_its_chain_and_the_row_bills_every_attempt()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 1;
            options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
        });
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };

        var result = await SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o").CompleteChatAsync([new UserChatMessage("Weather in Oslo? [[fault:529@gpt-4o]]")], options);
        var requestId = Header(result, "x-tollgate-request-id");
        var entry = await gateway.EntryAsync(requestId);

        Assert.Equal("gpt-4o-mini", Header(result, "x-tollgate-model"));
        Assert.Equal("get_weather", Assert.Single(result.Value.ToolCalls).FunctionName);
        Assert.Equal(["gpt-4o", "gpt-4o", "gpt-4o-mini"], gateway.UpstreamModels(requestId));
        Assert.Equal("gpt-4o", entry.RequestedModel);
        Assert.Equal("gpt-4o-mini", entry.ServedModel);
        Assert.Equal(3, entry.Attempts);
        Assert.Equal(["gpt-4o", "gpt-4o", "gpt-4o-mini"], entry.AttemptRecords.Select(attempt => attempt.Model));
        Assert.Equal([503, 503, 200], entry.AttemptRecords.Select(attempt => attempt.Status)); // OpenAI answers an overload with 503
        Assert.True(entry.CostUsd > 0m);
        Assert.Equal(entry.CostUsd, entry.AttemptRecords.Sum(attempt => attempt.CostUsd));
    }

    [Fact]
    public async Task A_streamed_call_falls_back_within_its_family_before_its_first_byte_with_its_tool_call()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4.1"] = ["gpt-4.1-mini"];
        });
        await gateway.FailAsync("gpt-4.1", "529");
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };

        var arguments = new StringBuilder();
        string? name = null;
        string? model = null;
        ChatFinishReason? finish = null;
        await foreach (var update in SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4.1").CompleteChatStreamingAsync([new UserChatMessage("Weather in Tromsø, streamed?")], options))
        {
            model ??= update.Model;
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        var requestId = gateway.RequestIdOf("Weather in Tromsø, streamed?");
        var entry = await gateway.EntryAsync(requestId);
        Assert.StartsWith("gpt-4.1-mini", model, StringComparison.Ordinal);
        Assert.Equal("get_weather", name);
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        using (var input = JsonDocument.Parse(arguments.ToString()))
        {
            Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        }

        Assert.Equal(["gpt-4.1", "gpt-4.1-mini"], gateway.UpstreamModels(requestId));
        Assert.StartsWith("gpt-4.1-mini", entry.ServedModel, StringComparison.Ordinal);
        Assert.Equal([503, 200], entry.AttemptRecords.Select(attempt => attempt.Status));
        Assert.True(entry.Stream);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_byte_is_not_restarted_on_another_model()
    {
        await using var gateway = await FallbackGateway.StartAsync(options => options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"]);
        var chat = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o");

        var received = new StringBuilder();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Tell me about tides, at length. [[fault:stream-cut]]")]))
            {
                foreach (var part in update.ContentUpdate)
                {
                    received.Append(part.Text);
                }
            }
        });

        var requestId = gateway.RequestIdOf("Tell me about tides, at length.");
        var entry = await gateway.EntryAsync(requestId);
        Assert.NotEqual(0, received.Length); // the answer had begun
        Assert.Equal(["gpt-4o"], gateway.UpstreamModels(requestId));
        Assert.Equal("upstream_stream_cut", entry.ErrorType);
        Assert.Equal("gpt-4o", entry.ServedModel);
        Assert.True(entry.Attempts <= 1);
    }

    [Fact]
    public async Task A_dearer_fallback_that_does_not_fit_the_budget_is_refused_with_a_402_before_it_is_sent()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4o-mini"] = ["gpt-4o"];

            // 1,000 output tokens: $0.0006 at gpt-4o-mini, $0.01 at gpt-4o.
            options.Budgets.Add(new BudgetDocument { Id = "per-call", Scope = "global", LimitUsd = 0.005m, Period = "request" });
        });
        var ask = new ChatCompletionOptions { MaxOutputTokenCount = 1000 };

        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Summarise the log. [[fault:500@gpt-4o-mini]]")], ask));

        var requestId = refused.GetRawResponse()!.Headers.TryGetValue("x-tollgate-request-id", out var id) ? id! : throw new Xunit.Sdk.XunitException("no request id");
        var entry = await gateway.EntryAsync(requestId);
        Assert.Equal(402, refused.Status);
        Assert.Contains("budget_exceeded", refused.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(["gpt-4o-mini"], gateway.UpstreamModels(requestId));
        Assert.Equal(402, entry.Status);
        Assert.Equal("gpt-4o-mini", Assert.Single(entry.AttemptRecords).Model);
    }

    private static string Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value! : throw new Xunit.Sdk.XunitException($"no {name} header");
}
