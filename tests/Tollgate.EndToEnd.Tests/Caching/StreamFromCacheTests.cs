// The official SDK marks its Responses client experimental (OPENAI001); the cache must serve it as it ships.
#pragma warning disable OPENAI001

using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using OpenAI.Responses;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// Stream and non-stream requests for the same content share one entry, whichever form it was stored in: a stored whole
/// answer serves a stream request as the protocol's event stream, read by the SDK's streaming API; a stored stream
/// serves a request without <c>stream</c> as the whole body; a stored stream serves a stream. One upstream call each.
/// </summary>
public sealed class StreamFromCacheTests(AlwaysCachedFeatureGateway fixture) : IClassFixture<AlwaysCachedFeatureGateway>, IDisposable
{
    private readonly CacheClients _clients = new(fixture.BaseAddress);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_stored_chat_completion_is_streamed_to_the_sdk_streaming_api()
    {
        var prompt = Prompt("Classify: the parcel is late");
        var stored = await fixture.EntriesAsync();
        var whole = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);

        var (text, usage) = await StreamChatAsync(prompt);

        Assert.Equal("hit", _clients.Headers.LastCache);
        Assert.Equal(whole.Value.Content[0].Text, text);
        Assert.Equal(whole.Value.Usage.OutputTokenCount, usage?.OutputTokenCount);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_stored_chat_stream_answers_a_request_without_stream_whole()
    {
        var prompt = Prompt("Classify: the parcel arrived");
        var stored = await fixture.EntriesAsync();
        var (streamed, _) = await StreamChatAsync(prompt);
        await fixture.WaitForEntriesAsync(stored + 1);

        var whole = await _clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], CacheClients.Deterministic());

        Assert.Equal("hit", CacheClients.Header(whole, "x-tollgate-cache"));
        Assert.Equal(streamed, whole.Value.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, whole.Value.FinishReason);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_stored_chat_stream_is_streamed_again()
    {
        var prompt = Prompt("Classify: the parcel is lost");
        var stored = await fixture.EntriesAsync();
        var (first, _) = await StreamChatAsync(prompt);
        await fixture.WaitForEntriesAsync(stored + 1);

        var (second, usage) = await StreamChatAsync(prompt);

        Assert.Equal("hit", _clients.Headers.LastCache);
        Assert.Equal(first, second);
        Assert.NotNull(usage);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chat_stream_served_from_the_cache_carries_a_usage_chunk_only_when_the_client_asked_for_one(bool includeUsage)
    {
        var prompt = Prompt("Extract the colour from: a red bike " + includeUsage);
        var stored = await fixture.EntriesAsync();
        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));
        await fixture.WaitForEntriesAsync(stored + 1);

        var options = includeUsage ? "\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "\"temperature\":0,\"stream\":true";
        var streamed = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt, options));

        Assert.Equal("hit", streamed.Cache);
        var chunks = DataLines(streamed.Body);
        Assert.Equal("[DONE]", chunks[^1]);
        var usageChunks = chunks[..^1].Select(chunk => JsonDocument.Parse(chunk).RootElement).Where(chunk => chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(includeUsage ? 1 : 0, usageChunks.Count);
        Assert.Equal(includeUsage, chunks[..^1].All(chunk => chunk.Contains("\"usage\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_stored_message_is_streamed_to_the_sdk_streaming_api()
    {
        var prompt = Prompt("Extract the date from: due on Friday");
        var ask = AskAnthropic(prompt);
        var stored = await fixture.EntriesAsync();
        var whole = await _clients.Anthropic.Messages.Create(ask);
        await fixture.WaitForEntriesAsync(stored + 1);

        var text = await StreamMessageAsync(ask);

        Assert.Equal("hit", _clients.Headers.LastCache);
        Assert.True(whole.Content[0].TryPickText(out var wholeText));
        Assert.Equal(wholeText.Text, text);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_stored_message_stream_answers_a_request_without_stream_whole()
    {
        var prompt = Prompt("Extract the name from: signed by Ada");
        var ask = AskAnthropic(prompt);
        var stored = await fixture.EntriesAsync();
        var streamed = await StreamMessageAsync(ask);
        await fixture.WaitForEntriesAsync(stored + 1);

        var whole = await _clients.Anthropic.Messages.Create(ask);

        Assert.Equal("hit", _clients.Headers.LastCache);
        Assert.True(whole.Content[0].TryPickText(out var wholeText));
        Assert.Equal(streamed, wholeText.Text);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_stored_response_is_streamed_to_the_sdk_streaming_api()
    {
        var prompt = Prompt("Format as a list: eggs milk");
        var stored = await fixture.EntriesAsync();
        var whole = await _clients.Responses.CreateResponseAsync(AskResponses(prompt, stream: false));
        await fixture.WaitForEntriesAsync(stored + 1);

        var (text, completed) = await StreamResponseAsync(prompt);

        Assert.Equal("hit", _clients.Headers.LastCache);
        Assert.Equal(whole.Value.GetOutputText(), text);
        Assert.Equal(whole.Value.GetOutputText(), completed.GetOutputText());
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_stored_response_stream_answers_a_request_without_stream_whole()
    {
        var prompt = Prompt("Format as a list: tea sugar");
        var stored = await fixture.EntriesAsync();
        var (streamed, _) = await StreamResponseAsync(prompt);
        await fixture.WaitForEntriesAsync(stored + 1);

        var whole = await _clients.Responses.CreateResponseAsync(AskResponses(prompt, stream: false));

        Assert.Equal("hit", CacheClients.Header(whole, "x-tollgate-cache"));
        Assert.Equal(streamed, whole.Value.GetOutputText());
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    private async Task<(string Text, ChatTokenUsage? Usage)> StreamChatAsync(string prompt)
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in _clients.Chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], CacheClients.Deterministic()))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        return (text.ToString(), usage);
    }

    private MessageCreateParams AskAnthropic(string prompt)
    {
        _clients.Headers.Values["x-tollgate-feature"] = AlwaysCachedFeatureGateway.Feature;
        return new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 200, Messages = [new UserMessageParam(prompt)] };
    }

    private async Task<string> StreamMessageAsync(MessageCreateParams ask)
    {
        var text = new StringBuilder();
        var stopped = false;
        await foreach (var streamed in _clients.Anthropic.Messages.CreateStreaming(ask))
        {
            if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }

            stopped |= streamed.TryPickStop(out _);
        }

        Assert.True(stopped);
        return text.ToString();
    }

    private static CreateResponseOptions AskResponses(string prompt, bool stream) =>
        new("gpt-4o-mini", [ResponseItem.CreateUserMessageItem(prompt)]) { Temperature = 0, StreamingEnabled = stream };

    private async Task<(string Text, ResponseResult Completed)> StreamResponseAsync(string prompt)
    {
        var text = new StringBuilder();
        ResponseResult? completed = null;
        await foreach (var update in await _clients.Responses.CreateResponseStreamingAsync(AskResponses(prompt, stream: true)))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        return (text.ToString(), completed ?? throw new InvalidOperationException("The stream ended without response.completed."));
    }

    private static List<string> DataLines(string stream) =>
        stream.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line["data: ".Length..]).ToList();

    private static string Prompt(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
