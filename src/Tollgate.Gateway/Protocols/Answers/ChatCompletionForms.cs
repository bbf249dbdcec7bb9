using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// A whole <c>chat.completion</c>: whether it may be stored, and the stream OpenAI would have sent for it with
/// <c>stream_options.include_usage</c> — every chunk ending in <c>"usage":null</c>, then a usage chunk with no choices,
/// then <c>data: [DONE]</c> — so the relay can take out what asking for usage added, for a client that did not ask.
/// </summary>
internal static class ChatCompletionForms
{
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static AnswerInspection Inspect(JsonObject body)
    {
        if (body["error"] is not null)
        {
            return AnswerInspection.Refused("error");
        }

        if (body["choices"] is not JsonArray { Count: > 0 } choices)
        {
            return AnswerInspection.Refused("no choices");
        }

        foreach (var node in choices)
        {
            if (node is not JsonObject choice)
            {
                return AnswerInspection.Refused("malformed");
            }

            if (choice["message"] is JsonObject message && AnswerJson.String(message["refusal"]) is { Length: > 0 })
            {
                return AnswerInspection.Refused("refusal");
            }

            var verdict = AnswerJson.String(choice["finish_reason"]) switch
            {
                "stop" or "tool_calls" or "function_call" => AnswerInspection.Accepted,
                OutputLimitStops.ChatFinishReason => AnswerInspection.Refused("truncated"),
                "content_filter" => AnswerInspection.Refused("content filtered"),
                null => AnswerInspection.Refused("unfinished"),
                var other => AnswerInspection.Refused("finish reason " + other),
            };
            if (!verdict.Storable)
            {
                return verdict;
            }
        }

        // A stored answer is priced at what it saved: without usage there is no baseline to bill it against.
        return body["usage"] is JsonObject ? AnswerInspection.Accepted : AnswerInspection.Refused("no usage");
    }

    public static byte[] ToEventStream(JsonObject body, int sizeHint)
    {
        using var events = new EventStreamWriter(sizeHint * 3);
        var chunk = new ChunkHeader(body);
        var position = 0;
        foreach (var node in body["choices"] as JsonArray ?? [])
        {
            if (node is JsonObject choice)
            {
                WriteChoice(events, ref chunk, choice, AnswerJson.Int(choice["index"]) ?? position);
            }

            position++;
        }

        if (body["usage"] is JsonObject usage)
        {
            var writer = chunk.Begin(events);
            writer.WriteEndArray();
            writer.WritePropertyName("usage"u8);
            AnswerJson.WriteValue(writer, usage);
            writer.WriteEndObject();
            events.End();
        }

        events.WriteRaw(Done);
        return events.ToArray();
    }

    private static void WriteChoice(EventStreamWriter events, ref ChunkHeader chunk, JsonObject choice, int index)
    {
        var message = choice["message"] as JsonObject ?? [];
        var content = message["content"];
        var text = AnswerJson.String(content);

        // The role chunk: content starts empty (null when the answer has none), refusal null, anything else as is.
        var writer = BeginDelta(events, ref chunk, index);
        AnswerJson.WriteString(writer, "role"u8, AnswerJson.String(message["role"]) ?? "assistant");
        writer.WritePropertyName("content"u8);
        if (text is not null)
        {
            writer.WriteStringValue(string.Empty);
        }
        else
        {
            AnswerJson.WriteValue(writer, content);
        }

        writer.WriteNull("refusal"u8);
        foreach (var (key, value) in message)
        {
            if (key is not ("role" or "content" or "refusal" or "tool_calls" or "annotations"))
            {
                writer.WritePropertyName(key);
                AnswerJson.WriteValue(writer, value);
            }
        }

        EndDelta(events, writer);

        foreach (var piece in TextPieces.Split(text ?? string.Empty))
        {
            writer = BeginDelta(events, ref chunk, index);
            AnswerJson.WriteString(writer, "content"u8, piece);
            EndDelta(events, writer);
        }

        foreach (var piece in TextPieces.Split(AnswerJson.String(message["refusal"]) ?? string.Empty))
        {
            writer = BeginDelta(events, ref chunk, index);
            AnswerJson.WriteString(writer, "refusal"u8, piece);
            EndDelta(events, writer);
        }

        var call = 0;
        foreach (var node in message["tool_calls"] as JsonArray ?? [])
        {
            if (node is JsonObject toolCall)
            {
                WriteToolCall(events, ref chunk, index, call, toolCall);
            }

            call++;
        }

        if (message["annotations"] is JsonArray { Count: > 0 } annotations)
        {
            writer = BeginDelta(events, ref chunk, index);
            writer.WritePropertyName("annotations"u8);
            AnswerJson.WriteValue(writer, annotations);
            EndDelta(events, writer);
        }

        // The finish chunk: an empty delta, the choice's logprobs whole, its finish reason and any field of its own.
        writer = BeginDelta(events, ref chunk, index);
        writer.WriteEndObject();
        writer.WritePropertyName("logprobs"u8);
        AnswerJson.WriteValue(writer, choice["logprobs"]);
        writer.WritePropertyName("finish_reason"u8);
        AnswerJson.WriteValue(writer, choice["finish_reason"]);
        foreach (var (key, value) in choice)
        {
            if (key is not ("index" or "message" or "logprobs" or "finish_reason"))
            {
                writer.WritePropertyName(key);
                AnswerJson.WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
        EndChunk(events, writer);
    }

    /// <summary>A function call as OpenAI streams it: id, type and name with empty arguments, then the arguments in pieces.</summary>
    private static void WriteToolCall(EventStreamWriter events, ref ChunkHeader chunk, int index, int call, JsonObject toolCall)
    {
        var function = toolCall["function"] as JsonObject;
        var writer = BeginDelta(events, ref chunk, index);
        writer.WriteStartArray("tool_calls"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, call);
        foreach (var (key, value) in toolCall)
        {
            if (key == "index")
            {
                continue;
            }

            writer.WritePropertyName(key);
            if (key == "function" && function is not null)
            {
                writer.WriteStartObject();
                foreach (var (field, content) in function)
                {
                    writer.WritePropertyName(field);
                    if (field == "arguments")
                    {
                        writer.WriteStringValue(string.Empty);
                    }
                    else
                    {
                        AnswerJson.WriteValue(writer, content);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                AnswerJson.WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        EndDelta(events, writer);

        foreach (var piece in TextPieces.Split(AnswerJson.String(function?["arguments"]) ?? string.Empty, TextPieces.ArgumentsLength))
        {
            writer = BeginDelta(events, ref chunk, index);
            writer.WriteStartArray("tool_calls"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, call);
            writer.WriteStartObject("function"u8);
            AnswerJson.WriteString(writer, "arguments"u8, piece);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            EndDelta(events, writer);
        }
    }

    /// <summary>Opens a chunk and its one choice, up to the inside of the choice's <c>delta</c>.</summary>
    private static Utf8JsonWriter BeginDelta(EventStreamWriter events, ref ChunkHeader chunk, int index)
    {
        var writer = chunk.Begin(events);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, index);
        writer.WriteStartObject("delta"u8);
        return writer;
    }

    /// <summary>Closes a delta chunk: no logprobs, no finish reason yet.</summary>
    private static void EndDelta(EventStreamWriter events, Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteNull("finish_reason"u8);
        writer.WriteEndObject();
        EndChunk(events, writer);
    }

    /// <summary>Closes the choices and the chunk with the <c>"usage":null</c> that asking for usage adds to every chunk.</summary>
    private static void EndChunk(EventStreamWriter events, Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteNull("usage"u8);
        writer.WriteEndObject();
        events.End();
    }

    /// <summary>
    /// What every chunk of the answer repeats (id, object, created, model, service tier, system fingerprint); the body's
    /// other top-level fields go in the first chunk only, which is where a stream's assembler keeps them from.
    /// </summary>
    private struct ChunkHeader(JsonObject body)
    {
        private bool _first = true;

        public Utf8JsonWriter Begin(EventStreamWriter events)
        {
            var writer = events.Begin();
            writer.WriteStartObject();
            WriteField(writer, "id");
            writer.WriteString("object"u8, "chat.completion.chunk"u8);
            WriteField(writer, "created");
            WriteField(writer, "model");
            if (body.ContainsKey("service_tier"))
            {
                WriteField(writer, "service_tier");
            }

            if (body.ContainsKey("system_fingerprint"))
            {
                WriteField(writer, "system_fingerprint");
            }

            if (_first)
            {
                _first = false;
                foreach (var (key, value) in body)
                {
                    if (key is not ("id" or "object" or "created" or "model" or "service_tier" or "system_fingerprint" or "choices" or "usage"))
                    {
                        writer.WritePropertyName(key);
                        AnswerJson.WriteValue(writer, value);
                    }
                }
            }

            writer.WriteStartArray("choices"u8);
            return writer;
        }

        private readonly void WriteField(Utf8JsonWriter writer, string name)
        {
            writer.WritePropertyName(name);
            AnswerJson.WriteValue(writer, body[name]);
        }
    }
}
