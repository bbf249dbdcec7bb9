using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Tollgate.Providers.Tests.Simulation;

[Collection(SimulatorCollection.Name)]
public sealed class OpenAISdkTests(SimulatorFixture fixture)
{
    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city"]}"""));

    [Fact]
    public async Task A_chat_completion_has_text_stop_and_usage()
    {
        ChatCompletion completion = await fixture.Chat().CompleteChatAsync([new UserChatMessage("What is a budget?")]);

        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal(0, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, completion.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task The_same_request_gets_the_same_answer_and_a_different_prompt_a_different_one()
    {
        var chat = fixture.Chat();
        ChatCompletion first = await chat.CompleteChatAsync([new UserChatMessage("Explain caching.")]);
        ChatCompletion again = await chat.CompleteChatAsync([new UserChatMessage("Explain caching.")]);
        ChatCompletion other = await chat.CompleteChatAsync([new UserChatMessage("Explain routing in detail, please.")]);

        Assert.Equal(first.Content[0].Text, again.Content[0].Text);
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Content[0].Text, other.Content[0].Text);
    }

    [Fact]
    public async Task A_streamed_answer_has_the_same_text_and_usage_as_the_whole_one()
    {
        var chat = fixture.Chat();
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage("Summarise the plan.")];
        ChatCompletion whole = await chat.CompleteChatAsync(messages);

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Max_output_tokens_truncates_with_finish_reason_length()
    {
        ChatCompletion completion = await fixture.Chat().CompleteChatAsync(
            [new UserChatMessage("Write a long essay.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 5);
    }

    [Fact]
    public async Task A_request_with_tools_gets_a_tool_call_with_arguments_matching_the_schema()
    {
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        ChatCompletion completion = await fixture.Chat().CompleteChatAsync([new UserChatMessage("Weather in Oslo?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        using var arguments = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("city").ValueKind);
        Assert.Contains(arguments.RootElement.GetProperty("unit").GetString(), new[] { "celsius", "fahrenheit" });
        Assert.InRange(arguments.RootElement.GetProperty("days").GetInt32(), 1, 7);
    }

    [Fact]
    public async Task A_streamed_tool_call_carries_the_same_arguments()
    {
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        ChatMessage[] messages = [new UserChatMessage("Weather in Bergen?")];
        ChatCompletion whole = await fixture.Chat().CompleteChatAsync(messages, options);

        var arguments = new StringBuilder();
        string? name = null;
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.Chat().CompleteChatStreamingAsync(messages, options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.Equal(whole.ToolCalls[0].FunctionArguments.ToString(), arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task A_tool_result_is_answered_with_text()
    {
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        ChatMessage[] messages =
        [
            new UserChatMessage("Weather in Oslo?"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall("call_1", "get_weather", BinaryData.FromString("""{"city":"Oslo"}"""))]),
            new ToolChatMessage("call_1", "Sunny, 21 degrees."),
        ];

        ChatCompletion completion = await fixture.Chat().CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Empty(completion.ToolCalls);
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
    }

    [Fact]
    public async Task Tool_choice_none_gets_text_even_with_tools()
    {
        var options = new ChatCompletionOptions { Tools = { WeatherTool }, ToolChoice = ChatToolChoice.CreateNoneChoice() };
        ChatCompletion completion = await fixture.Chat().CompleteChatAsync([new UserChatMessage("Weather in Oslo?")], options);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Empty(completion.ToolCalls);
    }

    [Fact]
    public async Task Embeddings_are_deterministic_unit_vectors_of_the_requested_size()
    {
        var client = fixture.Embeddings();
        OpenAIEmbedding first = await client.GenerateEmbeddingAsync("The cat sat on the mat.", new EmbeddingGenerationOptions { Dimensions = 64 });
        OpenAIEmbedding again = await client.GenerateEmbeddingAsync("The cat sat on the mat.", new EmbeddingGenerationOptions { Dimensions = 64 });

        var vector = first.ToFloats().ToArray();
        Assert.Equal(64, vector.Length);
        Assert.Equal(vector, again.ToFloats().ToArray());
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public async Task Paraphrases_embed_closer_than_unrelated_texts()
    {
        var client = fixture.Embeddings();
        OpenAIEmbeddingCollection vectors = await client.GenerateEmbeddingsAsync(
            ["How do I reset my password?", "How can I reset my password?", "Best pizza dough recipe with yeast"]);

        var a = vectors[0].ToFloats().ToArray();
        var b = vectors[1].ToFloats().ToArray();
        var c = vectors[2].ToFloats().ToArray();
        Assert.Equal(1536, a.Length);
        Assert.True(Cosine(a, b) > 0.6, $"paraphrase cosine {Cosine(a, b)}");
        Assert.True(Cosine(a, c) < 0.3, $"unrelated cosine {Cosine(a, c)}");
    }

    [Fact]
    public async Task A_rate_limit_marker_surfaces_as_a_429_client_error()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => fixture.Chat().CompleteChatAsync([new UserChatMessage("hello [[fault:429]]")]));

        Assert.Equal(429, error.Status);
        Assert.Equal("1", error.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter) ? retryAfter : null);
    }

    [Theory]
    [InlineData("500", 500)]
    [InlineData("529", 503)]
    public async Task Server_fault_markers_surface_with_their_status(string kind, int status)
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => fixture.Chat().CompleteChatAsync([new UserChatMessage($"hello [[fault:{kind}]]")]));

        Assert.Equal(status, error.Status);
    }

    [Fact]
    public async Task A_timeout_marker_hangs_until_the_caller_gives_up()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Chat().CompleteChatAsync([new UserChatMessage("hello [[fault:timeout]]")], cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_stream_cut_marker_breaks_the_stream_after_some_content()
    {
        var received = new StringBuilder();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in fixture.Chat().CompleteChatStreamingAsync([new UserChatMessage("Tell me more. [[fault:stream-cut]]")]))
            {
                foreach (var part in update.ContentUpdate)
                {
                    received.Append(part.Text);
                }
            }
        });

        Assert.IsType<IOException>(error);
        Assert.True(received.Length > 0);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
        }

        return dot;
    }
}
