using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

[Collection(GatewayCollection.Name)]
public sealed class OpenAIChatTests(GatewayFixture fixture)
{
    private const string Model = SdkClients.OpenAIModel;

    [Fact]
    public async Task A_chat_completion_is_answered_with_tollgate_headers_and_recorded_at_the_catalog_price()
    {
        ClientResult<ChatCompletion> result = await fixture.OpenAIChat().CompleteChatAsync([new UserChatMessage("What does a ledger row hold?")]);

        var completion = result.Value;
        var headers = result.GetRawResponse().Headers;
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.True(headers.TryGetValue("x-tollgate-request-id", out var requestId));
        Assert.StartsWith("req_", requestId, StringComparison.Ordinal);
        Assert.True(headers.TryGetValue("x-tollgate-model", out var servedModel));
        Assert.Equal(Model, servedModel);
        Assert.True(headers.TryGetValue("x-tollgate-cache", out var cache));
        Assert.Equal("bypass", cache); // no temperature 0: not deterministic, so not cached
        Assert.True(headers.TryGetValue("x-tollgate-cost-usd", out var costText));
        var cost = Wire.ParseCost(costText!);
        Assert.True(cost > 0m, $"cost {cost}");

        var expected = PublishedPrices.Gpt4oMini(completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount);
        Assert.Equal(expected, cost);
        var entry = await fixture.Gateway.GetLedgerEntryAsync(requestId!);
        Assert.NotNull(entry);
        Assert.Equal("/v1/chat/completions", entry.Endpoint);
        Assert.Equal("openai", entry.Provider);
        Assert.Equal(Model, entry.RequestedModel);
        Assert.Equal(Model, entry.ServedModel);
        Assert.False(entry.Stream);
        Assert.Equal(completion.Usage.InputTokenCount, entry.InputTokens);
        Assert.Equal(completion.Usage.OutputTokenCount, entry.OutputTokens);
        Assert.Equal(expected, entry.CostUsd);
        Assert.Equal(200, entry.Status);
        Assert.Equal(1, entry.Attempts);
        Assert.Null(entry.ErrorType);
        Assert.Equal("bypass", entry.CacheStatus);
    }

    [Fact]
    public async Task A_streamed_completion_has_the_text_of_the_whole_one_and_the_sdk_gets_one_usage_chunk()
    {
        var chat = fixture.OpenAIChat();
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage("Summarise the spend report.")];
        ChatCompletion whole = await chat.CompleteChatAsync(messages);

        var text = new StringBuilder();
        var usages = new List<ChatTokenUsage>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            if (update.Usage is { } usage)
            {
                usages.Add(usage);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        var streamedUsage = Assert.Single(usages);
        Assert.Equal(whole.Usage.InputTokenCount, streamedUsage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, streamedUsage.OutputTokenCount);
    }

    [Fact]
    public async Task A_stream_that_did_not_ask_for_usage_gets_no_usage_chunk_yet_its_ledger_row_has_the_usage()
    {
        const string prompt = "List three cost levers.";
        using var whole = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", Body(prompt, stream: null)));
        var wholeBody = Wire.Parse(await whole.Content.ReadAsStringAsync());
        var wholeUsage = wholeBody.GetProperty("usage");

        using var streamed = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", Body(prompt, stream: "true")), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = await ServerSentEvents.ReadAllAsync(await streamed.Content.ReadAsStreamAsync());

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.Take(events.Count - 1).Select(e => Wire.Parse(e.Data)).ToList();
        // Exactly as from the provider when usage is not asked for: not even "usage": null.
        Assert.All(chunks, chunk => Assert.False(chunk.TryGetProperty("usage", out _), $"unexpected usage field in {chunk}"));
        Assert.All(chunks, chunk => Assert.NotEqual(0, chunk.GetProperty("choices").GetArrayLength()));
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
        Assert.Equal(wholeBody.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), text);

        // The row is committed before the client gets [DONE]: read once, no wait.
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(streamed, "x-tollgate-request-id"));
        Assert.NotNull(entry);
        Assert.False(entry.IsPending);
        Assert.True(entry.Stream);
        Assert.Equal(200, entry.Status);
        Assert.Equal(wholeUsage.GetProperty("prompt_tokens").GetInt64(), entry.InputTokens);
        Assert.Equal(wholeUsage.GetProperty("completion_tokens").GetInt64(), entry.OutputTokens);
        Assert.Equal(PublishedPrices.Gpt4oMini(entry.InputTokens, entry.OutputTokens), entry.CostUsd);
    }

    [Fact]
    public async Task A_stream_that_asks_for_usage_gets_exactly_one_usage_chunk()
    {
        using var streamed = await fixture.Gateway.Http.SendAsync(
            Wire.Post("v1/chat/completions", Body("Explain budgets.", stream: "true", streamOptions: """{"include_usage":true}""")),
            HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(await streamed.Content.ReadAsStreamAsync());

        var usageChunks = events
            .Where(e => e.Data != "[DONE]")
            .Select(e => Wire.Parse(e.Data))
            .Where(chunk => chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            .ToList();
        var usageChunk = Assert.Single(usageChunks);
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(streamed, "x-tollgate-request-id"));
        Assert.NotNull(entry);
        Assert.False(entry.IsPending);
        Assert.Equal(usageChunk.GetProperty("usage").GetProperty("prompt_tokens").GetInt64(), entry.InputTokens);
        Assert.Equal(usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt64(), entry.OutputTokens);
    }

    private static string Body(string prompt, string? stream, string? streamOptions = null) =>
        $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"{{prompt}}"}]{{(stream is null ? "" : $",\"stream\":{stream}")}}{{(streamOptions is null ? "" : $",\"stream_options\":{streamOptions}")}}}""";
}
