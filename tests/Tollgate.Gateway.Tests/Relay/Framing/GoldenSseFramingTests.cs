using System.Text;
using System.Text.Json;
using Tollgate.Gateway.Relay;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Relay.Framing;

/// <summary>
/// The relay's SSE framing against provider streams written from the API references: every golden stream splits
/// into exactly its events, named and with their data whole. The Responses API streams are framed here too; their
/// usage is read once that protocol is served.
/// </summary>
public sealed class GoldenSseFramingTests
{
    public static TheoryData<string, string[]> Streams => new()
    {
        { "openai/chat-stream-include-usage.sse", ["", "", "", "", "", "", ""] },
        { "openai/chat-stream-tool-calls.sse", ["", "", "", "", "", "", "", "", ""] },
        { "openai/chat-stream-error.sse", ["", "", ""] },
        {
            "anthropic/message-stream-tool-use.sse",
            [
                "message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop",
            ]
        },
        {
            "anthropic/message-stream-text.sse",
            ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]
        },
        { "anthropic/message-stream-error.sse", ["message_start", "content_block_start", "ping", "content_block_delta", "error"] },
        {
            "responses/response-stream.sse",
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
            ]
        },
        {
            "responses/response-stream-incomplete.sse",
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.incomplete",
            ]
        },
        { "responses/response-stream-failed.sse", ["response.created", "response.in_progress", "response.failed"] },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Golden_stream_splits_into_exactly_its_named_events(string file, string[] names)
    {
        var events = Split(GoldenFiles.Read(file));

        Assert.Equal(names, events.Select(e => e.Name).ToArray());
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Each_event_is_one_data_line_that_parses_whole(string file, string[] names)
    {
        Assert.NotEmpty(names);
        foreach (var (_, data) in Split(GoldenFiles.Read(file)))
        {
            if (data != "[DONE]")
            {
                using var document = JsonDocument.Parse(data); // a cut or merged payload would not parse
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void No_event_is_reported_complete_before_its_last_byte_has_arrived(string file, string[] names)
    {
        var bytes = GoldenFiles.Read(file);
        var firstLength = SseEvents.CompleteEventLength(bytes);
        Assert.True(firstLength > 0);
        Assert.NotEmpty(names);

        // The relay calls the framing on whatever has arrived: a prefix of the stream.
        for (var arrived = 0; arrived < bytes.Length; arrived++)
        {
            var length = SseEvents.CompleteEventLength(bytes.AsSpan(0, arrived));
            Assert.Equal(arrived >= firstLength ? firstLength : -1, length);
        }
    }

    [Fact]
    public void OpenAI_stream_ends_with_the_usage_chunk_and_done()
    {
        var events = Split(GoldenFiles.Read("openai/chat-stream-include-usage.sse"));

        Assert.StartsWith("""{"id":"chatcmpl-C4kT7hWz3nB5qXr1Lm9sKd2vFa6Pe","object":"chat.completion.chunk",""", events[5].Data, StringComparison.Ordinal);
        Assert.Contains(""","choices":[],"usage":{"prompt_tokens":1230,""", events[5].Data, StringComparison.Ordinal);
        Assert.Equal("[DONE]", events[6].Data);
    }

    [Fact]
    public void Anthropic_error_event_carries_the_error_body()
    {
        var events = Split(GoldenFiles.Read("anthropic/message-stream-error.sse"));

        Assert.Equal("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", events[^1].Data);
    }

    [Fact]
    public void Responses_text_deltas_arrive_whole_with_their_multi_byte_characters()
    {
        var events = Split(GoldenFiles.Read("responses/response-stream.sse"));

        var text = new StringBuilder();
        foreach (var (name, data) in events)
        {
            if (name == "response.output_text.delta")
            {
                using var document = JsonDocument.Parse(data);
                text.Append(document.RootElement.GetProperty("delta").GetString());
            }
        }

        Assert.Equal("Die Antwort lautet 42 – mehr weiß ich nicht.", text.ToString());
    }

    [Theory]
    [InlineData("responses/response-stream.sse", "response.completed", "completed")]
    [InlineData("responses/response-stream-incomplete.sse", "response.incomplete", "incomplete")]
    [InlineData("responses/response-stream-failed.sse", "response.failed", "failed")]
    public void Responses_stream_ends_with_its_terminal_event_and_the_response_status(string file, string terminal, string status)
    {
        var events = Split(GoldenFiles.Read(file));

        var (name, data) = events[^1];
        Assert.Equal(terminal, name);
        using var document = JsonDocument.Parse(data);
        Assert.Equal(terminal, document.RootElement.GetProperty("type").GetString());
        Assert.Equal(status, document.RootElement.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(events.Count - 1, document.RootElement.GetProperty("sequence_number").GetInt32());
    }

    [Fact]
    public void Responses_completed_event_carries_the_usage_with_cached_and_reasoning_tokens()
    {
        var (_, data) = Split(GoldenFiles.Read("responses/response-stream.sse"))[^1];

        Assert.Contains(
            ""","usage":{"input_tokens":1536,"input_tokens_details":{"cached_tokens":1280,"cache_write_tokens":0},"output_tokens":644,"output_tokens_details":{"reasoning_tokens":512},"total_tokens":2180}""",
            data,
            StringComparison.Ordinal);
    }

    /// <summary>Splits a stream with the relay's framing, checking that the events cover every byte.</summary>
    private static List<(string Name, string Data)> Split(byte[] stream)
    {
        var events = new List<(string, string)>();
        var position = 0;
        while (position < stream.Length)
        {
            var length = SseEvents.CompleteEventLength(stream.AsSpan(position));
            Assert.True(length > 0, $"bytes from offset {position} do not end an event");
            var sseEvent = stream.AsSpan(position, length);
            events.Add((Encoding.UTF8.GetString(SseEvents.Name(sseEvent)), Encoding.UTF8.GetString(SseEvents.Data(sseEvent))));
            position += length;
        }

        Assert.Equal(stream.Length, position);
        return events;
    }
}
