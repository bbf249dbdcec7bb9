using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// A whole Anthropic <c>message</c>: whether it may be stored, and the event sequence Anthropic would have streamed for
/// it — <c>message_start</c> (no content, no stop reason, the input side of the usage and a first output token),
/// <c>content_block_start</c>, its deltas and <c>content_block_stop</c> per block (a <c>ping</c> after the first start,
/// where Anthropic sends one), <c>message_delta</c> with the stop reason and the cumulative usage, <c>message_stop</c>.
/// </summary>
internal static class MessageForms
{
    private static ReadOnlySpan<byte> Ping => "event: ping\ndata: {\"type\": \"ping\"}\n\n"u8;

    public static AnswerInspection Inspect(JsonObject body)
    {
        if (body["error"] is not null || AnswerJson.String(body["type"]) == "error")
        {
            return AnswerInspection.Refused("error");
        }

        var verdict = AnswerJson.String(body["stop_reason"]) switch
        {
            "end_turn" or "stop_sequence" or "tool_use" => AnswerInspection.Accepted,
            OutputLimitStops.MessagesStopReason or "model_context_window_exceeded" => AnswerInspection.Refused("truncated"),
            "refusal" => AnswerInspection.Refused("refusal"),
            "pause_turn" => AnswerInspection.Refused("paused"),
            null => AnswerInspection.Refused("unfinished"),
            var other => AnswerInspection.Refused("stop reason " + other),
        };
        if (!verdict.Storable)
        {
            return verdict;
        }

        // A stored answer is priced at what it saved: without usage there is no baseline to bill it against.
        return body["usage"] is JsonObject ? AnswerInspection.Accepted : AnswerInspection.Refused("no usage");
    }

    public static byte[] ToEventStream(JsonObject body, int sizeHint)
    {
        using var events = new EventStreamWriter(sizeHint * 3);
        var usage = body["usage"] as JsonObject;
        var writer = events.Begin("message_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_start"u8);
        writer.WriteStartObject("message"u8);
        foreach (var (key, value) in body)
        {
            writer.WritePropertyName(key);
            switch (key)
            {
                case "content":
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                    break;
                case "stop_reason" or "stop_sequence":
                    writer.WriteNullValue();
                    break;
                case "usage" when usage is not null:
                    WriteStartUsage(writer, usage);
                    break;
                default:
                    AnswerJson.WriteValue(writer, value);
                    break;
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        events.End();

        var pinged = false;
        var index = 0;
        foreach (var node in body["content"] as JsonArray ?? [])
        {
            WriteBlock(events, index, node as JsonObject ?? [], ref pinged);
            WriteBlockEvent(events, "content_block_stop"u8, index).WriteEndObject();
            events.End();
            index++;
        }

        if (!pinged)
        {
            events.WriteRaw(Ping);
        }

        writer = events.Begin("message_delta"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WritePropertyName("stop_reason"u8);
        AnswerJson.WriteValue(writer, body["stop_reason"]);
        writer.WritePropertyName("stop_sequence"u8);
        AnswerJson.WriteValue(writer, body["stop_sequence"]);
        writer.WriteEndObject();
        if (usage is not null)
        {
            // MessageDeltaUsage: the cumulative figures, the server tools' uses among them.
            writer.WriteStartObject("usage"u8);
            foreach (var (key, value) in usage)
            {
                if (key is "input_tokens" or "cache_creation_input_tokens" or "cache_read_input_tokens" or "output_tokens" or "server_tool_use")
                {
                    writer.WritePropertyName(key);
                    AnswerJson.WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        events.End();

        writer = events.Begin("message_stop"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message_stop"u8);
        writer.WriteEndObject();
        events.End();
        return events.ToArray();
    }

    /// <summary>The usage <c>message_start</c> carries: the input side as it is final, output begun at one token, no server tool used yet.</summary>
    private static void WriteStartUsage(Utf8JsonWriter writer, JsonObject usage)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in usage)
        {
            if (key == "server_tool_use")
            {
                continue;
            }

            writer.WritePropertyName(key);
            if (key == "output_tokens" && AnswerJson.Long(value) is { } output)
            {
                writer.WriteNumberValue(Math.Min(output, 1));
            }
            else
            {
                AnswerJson.WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>A block's start (followed by the stream's ping, after the first) and its deltas; the caller writes its stop.</summary>
    private static void WriteBlock(EventStreamWriter events, int index, JsonObject block, ref bool pinged)
    {
        var type = AnswerJson.String(block["type"]);
        var text = type == "text" ? AnswerJson.String(block["text"]) : null;
        var thinking = type == "thinking" ? AnswerJson.String(block["thinking"]) : null;
        var input = type != "text" && type != "thinking" ? block["input"] as JsonObject : null;

        var writer = WriteBlockEvent(events, "content_block_start"u8, index);
        writer.WriteStartObject("content_block"u8);
        foreach (var (key, value) in block)
        {
            if (text is not null && key == "citations")
            {
                continue; // sent as citations_delta events
            }

            writer.WritePropertyName(key);
            if ((text is not null && key == "text") || (thinking is not null && key is "thinking" or "signature"))
            {
                writer.WriteStringValue(string.Empty);
            }
            else if (input is not null && key == "input")
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                AnswerJson.WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        events.End();
        if (!pinged)
        {
            events.WriteRaw(Ping);
            pinged = true;
        }

        if (text is not null)
        {
            foreach (var citation in block["citations"] as JsonArray ?? [])
            {
                writer = BeginDelta(events, index, "citations_delta"u8);
                writer.WritePropertyName("citation"u8);
                AnswerJson.WriteValue(writer, citation);
                EndDelta(events, writer);
            }

            WriteTextDeltas(events, index, "text_delta"u8, "text"u8, text, TextPieces.TextLength);
        }
        else if (thinking is not null)
        {
            WriteTextDeltas(events, index, "thinking_delta"u8, "thinking"u8, thinking, TextPieces.TextLength);
            if (AnswerJson.String(block["signature"]) is { Length: > 0 } signature)
            {
                writer = BeginDelta(events, index, "signature_delta"u8);
                AnswerJson.WriteString(writer, "signature"u8, signature);
                EndDelta(events, writer);
            }
        }
        else if (input is { Count: > 0 })
        {
            var json = System.Text.Encoding.UTF8.GetString(AnswerJson.Serialize(input));
            WriteTextDeltas(events, index, "input_json_delta"u8, "partial_json"u8, json, TextPieces.ArgumentsLength);
        }
    }

    private static void WriteTextDeltas(EventStreamWriter events, int index, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, string text, int maxLength)
    {
        foreach (var piece in TextPieces.Split(text, maxLength))
        {
            var writer = BeginDelta(events, index, deltaType);
            writer.WriteString(field, piece);
            EndDelta(events, writer);
        }
    }

    private static Utf8JsonWriter BeginDelta(EventStreamWriter events, int index, ReadOnlySpan<byte> deltaType)
    {
        var writer = WriteBlockEvent(events, "content_block_delta"u8, index);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("type"u8, deltaType);
        return writer;
    }

    private static void EndDelta(EventStreamWriter events, Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
        events.End();
    }

    /// <summary>Opens a block event: its <c>event:</c> line, then <c>type</c> and <c>index</c> (the caller closes the object).</summary>
    private static Utf8JsonWriter WriteBlockEvent(EventStreamWriter events, ReadOnlySpan<byte> type, int index)
    {
        var writer = events.Begin(type);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteNumber("index"u8, index);
        return writer;
    }
}
