using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using Tollgate.Testing.Clients;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// The circuit breaker of a model, driven by a clock the test moves: repeated failures open it, after which the model
/// is skipped at once (an attempt recorded as <c>circuit_open</c>, nothing sent) for the next of its chain, or a 503
/// when there is none; once its break is over and the model answers again, one call closes it.
/// </summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task Repeated_failures_open_the_breaker_and_a_recovered_model_closes_it_after_the_break()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await FallbackGateway.StartAsync(
            options =>
            {
                options.Resilience.MaxRetries = 0;
                options.Resilience.CircuitBreaker.MinimumThroughput = 2;
                options.Resilience.CircuitBreaker.FailureRatio = 0.5;
                options.Resilience.CircuitBreaker.BreakSeconds = 30;
                options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
            },
            services => services.AddSingleton<TimeProvider>(time));
        var chat = SdkClients.OpenAIChat(gateway.BaseAddress, "gpt-4o");
        await gateway.FailAsync("gpt-4o", "500");

        // Two failures in the window: both fall back, and the breaker opens.
        foreach (var prompt in (string[])["First call.", "Second call."])
        {
            var failedOver = await chat.CompleteChatAsync([new UserChatMessage(prompt)]);
            Assert.Equal(["gpt-4o", "gpt-4o-mini"], gateway.UpstreamModels(RequestId(failedOver)));
        }

        // Open: gpt-4o is not called at all, and the skip is an attempt of its own that cost nothing.
        var skipped = await chat.CompleteChatAsync([new UserChatMessage("Third call.")]);
        var skippedEntry = await gateway.EntryAsync(RequestId(skipped));
        Assert.Equal(["gpt-4o-mini"], gateway.UpstreamModels(RequestId(skipped)));
        Assert.Equal(["circuit_open", null], skippedEntry.AttemptRecords.Select(attempt => attempt.ErrorType));
        Assert.Equal([0, 200], skippedEntry.AttemptRecords.Select(attempt => attempt.Status));
        Assert.Equal(0m, skippedEntry.AttemptRecords[0].CostUsd);
        Assert.Equal("gpt-4o-mini", skippedEntry.ServedModel);

        // The model recovers, but the break is not over: still skipped.
        await gateway.RecoverAsync("gpt-4o");
        var stillSkipped = await chat.CompleteChatAsync([new UserChatMessage("Fourth call.")]);
        Assert.Equal(["gpt-4o-mini"], gateway.UpstreamModels(RequestId(stillSkipped)));

        // After the break, one call tries the model again, succeeds and closes the breaker.
        time.Advance(TimeSpan.FromSeconds(31));
        foreach (var prompt in (string[])["Fifth call.", "Sixth call."])
        {
            var served = await chat.CompleteChatAsync([new UserChatMessage(prompt)]);
            Assert.Equal(["gpt-4o"], gateway.UpstreamModels(RequestId(served)));
            Assert.Equal("gpt-4o", served.GetRawResponse().Headers.TryGetValue("x-tollgate-model", out var model) ? model : null);
        }
    }

    [Fact]
    public async Task An_open_breaker_with_no_fallback_left_answers_503_circuit_open_in_the_protocols_shape()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await FallbackGateway.StartAsync(
            options =>
            {
                options.Resilience.MaxRetries = 0;
                options.Resilience.CircuitBreaker.MinimumThroughput = 2;
            },
            services => services.AddSingleton<TimeProvider>(time));
        await gateway.FailAsync("claude-haiku-4-5", "529");
        const string body = """{"model":"claude-haiku-4-5","max_tokens":32,"messages":[{"role":"user","content":"Hello."}]}""";

        for (var i = 0; i < 2; i++)
        {
            using var failed = await Relay.GatewayCalls.SendAsync(gateway.Gateway.Http, "v1/messages", body);
            Assert.Equal(529, (int)failed.StatusCode); // the provider's own answer, relayed
        }

        using var refused = await Relay.GatewayCalls.SendAsync(gateway.Gateway.Http, "v1/messages", body);
        var call = await Relay.GatewayCalls.ReadAsync(refused);
        var entry = await gateway.EntryAsync(call.RequestId);

        Assert.Equal(503, call.Status);
        using var error = System.Text.Json.JsonDocument.Parse(call.Body);
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.Contains("circuit breaker open", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("circuit_open", entry.ErrorType);
        Assert.Empty(gateway.UpstreamModels(call.RequestId));
        Assert.Equal(0m, entry.CostUsd);
    }

    private static string RequestId(System.ClientModel.ClientResult result) =>
        result.GetRawResponse().Headers.TryGetValue("x-tollgate-request-id", out var id) ? id! : throw new Xunit.Sdk.XunitException("no request id");
}
