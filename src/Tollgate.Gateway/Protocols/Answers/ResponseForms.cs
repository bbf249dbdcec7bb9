using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// A whole Responses API response: whether it may be stored, and the events OpenAI would have streamed for it, each
/// named on an <c>event:</c> line, its <c>type</c> repeated in the data and numbered by <c>sequence_number</c> from 0:
/// <c>response.created</c> and <c>response.in_progress</c> (the response running: no output, no usage), per output item
/// <c>response.output_item.added</c>, for a message per content part <c>response.content_part.added</c>, the text in
/// <c>response.output_text.delta</c> pieces (its annotations as <c>response.output_text.annotation.added</c>),
/// <c>response.output_text.done</c> and <c>response.content_part.done</c> (a refusal likewise, as
/// <c>response.refusal.delta</c> and <c>.done</c>), for a function call its arguments in
/// <c>response.function_call_arguments.delta</c> pieces and <c>.done</c>, then <c>response.output_item.done</c> with the
/// item whole; and last <c>response.completed</c> with the response whole.
/// </summary>
internal static class ResponseForms
{
    public static AnswerInspection Inspect(JsonObject body)
    {
        // A failed response carries its error too: its status says more.
        var status = AnswerJson.String(body["status"]);
        if (status is null || body["error"] is not null)
        {
            return AnswerInspection.Refused(status is null or "completed" ? "error" : "status " + status);
        }

        if (status != "completed")
        {
            return AnswerInspection.Refused("status " + status);
        }

        foreach (var item in body["output"] as JsonArray ?? [])
        {
            foreach (var part in item?["content"] as JsonArray ?? [])
            {
                if (AnswerJson.String(part?["type"]) == "refusal")
                {
                    return AnswerInspection.Refused("refusal");
                }
            }
        }

        // A stored answer is priced at what it saved: without usage there is no baseline to bill it against.
        return body["usage"] is JsonObject ? AnswerInspection.Accepted : AnswerInspection.Refused("no usage");
    }

    public static byte[] ToEventStream(JsonObject body, int sizeHint)
    {
        var stream = new Sequence(new EventStreamWriter(sizeHint * 4));
        using (stream.Events)
        {
            stream.WriteResponse("response.created", body, running: true);
            stream.WriteResponse("response.in_progress", body, running: true);
            var index = 0;
            foreach (var node in body["output"] as JsonArray ?? [])
            {
                var item = node as JsonObject ?? [];
                var writer = stream.Begin("response.output_item.added");
                writer.WriteNumber("output_index"u8, index);
                writer.WritePropertyName("item"u8);
                WriteAddedItem(writer, item);
                stream.End();

                switch (AnswerJson.String(item["type"]))
                {
                    case "message":
                        WriteMessageParts(stream, item, index);
                        break;
                    case "function_call":
                        WriteFunctionArguments(stream, item, index);
                        break;
                }

                writer = stream.Begin("response.output_item.done");
                writer.WriteNumber("output_index"u8, index);
                writer.WritePropertyName("item"u8);
                AnswerJson.WriteValue(writer, item);
                stream.End();
                index++;
            }

            stream.WriteResponse("response.completed", body, running: false);
            return stream.Events.ToArray();
        }
    }

    /// <summary>
    /// An item as it starts: in progress, a message without content, a function call without arguments, a reasoning
    /// item without its summary or content yet; any other field as it ends.
    /// </summary>
    private static void WriteAddedItem(Utf8JsonWriter writer, JsonObject item)
    {
        var type = AnswerJson.String(item["type"]);
        writer.WriteStartObject();
        foreach (var (key, value) in item)
        {
            if (type == "reasoning" && key == "content")
            {
                continue;
            }

            writer.WritePropertyName(key);
            if (key == "status" && value is not null)
            {
                writer.WriteStringValue("in_progress"u8);
            }
            else if ((type == "message" && key == "content") || (type == "reasoning" && key == "summary"))
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }
            else if (type == "function_call" && key == "arguments")
            {
                writer.WriteStringValue(string.Empty);
            }
            else
            {
                AnswerJson.WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteMessageParts(Sequence stream, JsonObject item, int outputIndex)
    {
        var itemId = AnswerJson.String(item["id"]) ?? string.Empty;
        var contentIndex = 0;
        foreach (var node in item["content"] as JsonArray ?? [])
        {
            var part = node as JsonObject ?? [];
            var type = AnswerJson.String(part["type"]);
            var text = type == "output_text" ? AnswerJson.String(part["text"]) ?? string.Empty : null;
            var refusal = type == "refusal" ? AnswerJson.String(part["refusal"]) ?? string.Empty : null;

            var writer = stream.BeginPart("response.content_part.added", itemId, outputIndex, contentIndex);
            writer.WritePropertyName("part"u8);
            writer.WriteStartObject();
            foreach (var (key, value) in part)
            {
                writer.WritePropertyName(key);
                if ((text is not null && key == "text") || (refusal is not null && key == "refusal"))
                {
                    writer.WriteStringValue(string.Empty);
                }
                else if (text is not null && key is "annotations" or "logprobs")
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    AnswerJson.WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
            stream.End();

            if (text is not null)
            {
                WriteText(stream, part, text, itemId, outputIndex, contentIndex);
            }
            else if (refusal is not null)
            {
                foreach (var piece in TextPieces.Split(refusal))
                {
                    writer = stream.BeginPart("response.refusal.delta", itemId, outputIndex, contentIndex);
                    AnswerJson.WriteString(writer, "delta"u8, piece);
                    stream.End();
                }

                writer = stream.BeginPart("response.refusal.done", itemId, outputIndex, contentIndex);
                AnswerJson.WriteString(writer, "refusal"u8, refusal);
                stream.End();
            }

            writer = stream.BeginPart("response.content_part.done", itemId, outputIndex, contentIndex);
            writer.WritePropertyName("part"u8);
            AnswerJson.WriteValue(writer, part);
            stream.End();
            contentIndex++;
        }
    }

    private static void WriteText(Sequence stream, JsonObject part, string text, string itemId, int outputIndex, int contentIndex)
    {
        Utf8JsonWriter writer;
        foreach (var piece in TextPieces.Split(text))
        {
            writer = stream.BeginPart("response.output_text.delta", itemId, outputIndex, contentIndex);
            AnswerJson.WriteString(writer, "delta"u8, piece);
            writer.WriteStartArray("logprobs"u8);
            writer.WriteEndArray();
            stream.End();
        }

        var annotationIndex = 0;
        foreach (var annotation in part["annotations"] as JsonArray ?? [])
        {
            writer = stream.BeginPart("response.output_text.annotation.added", itemId, outputIndex, contentIndex);
            writer.WriteNumber("annotation_index"u8, annotationIndex++);
            writer.WritePropertyName("annotation"u8);
            AnswerJson.WriteValue(writer, annotation);
            stream.End();
        }

        writer = stream.BeginPart("response.output_text.done", itemId, outputIndex, contentIndex);
        AnswerJson.WriteString(writer, "text"u8, text);
        writer.WritePropertyName("logprobs"u8);
        if (part["logprobs"] is JsonArray logprobs)
        {
            AnswerJson.WriteValue(writer, logprobs);
        }
        else
        {
            writer.WriteStartArray();
            writer.WriteEndArray();
        }

        stream.End();
    }

    private static void WriteFunctionArguments(Sequence stream, JsonObject item, int outputIndex)
    {
        var itemId = AnswerJson.String(item["id"]) ?? string.Empty;
        var arguments = AnswerJson.String(item["arguments"]) ?? string.Empty;
        foreach (var piece in TextPieces.Split(arguments, TextPieces.ArgumentsLength))
        {
            var delta = stream.Begin("response.function_call_arguments.delta");
            AnswerJson.WriteString(delta, "item_id"u8, itemId);
            delta.WriteNumber("output_index"u8, outputIndex);
            AnswerJson.WriteString(delta, "delta"u8, piece);
            stream.End();
        }

        var done = stream.Begin("response.function_call_arguments.done");
        AnswerJson.WriteString(done, "item_id"u8, itemId);
        done.WriteNumber("output_index"u8, outputIndex);
        if (AnswerJson.String(item["name"]) is { } name)
        {
            AnswerJson.WriteString(done, "name"u8, name);
        }

        AnswerJson.WriteString(done, "arguments"u8, arguments);
        stream.End();
    }

    /// <summary>The events of one response in order, each opened with its name and type and closed with its sequence number.</summary>
    private sealed class Sequence(EventStreamWriter events)
    {
        private int _next;
        private Utf8JsonWriter? _writer;

        public EventStreamWriter Events { get; } = events;

        public Utf8JsonWriter Begin(string type)
        {
            var name = Encoding.UTF8.GetBytes(type);
            var writer = Events.Begin(name);
            writer.WriteStartObject();
            writer.WriteString("type"u8, name);
            _writer = writer;
            return writer;
        }

        public Utf8JsonWriter BeginPart(string type, string itemId, int outputIndex, int contentIndex)
        {
            var writer = Begin(type);
            AnswerJson.WriteString(writer, "item_id"u8, itemId);
            writer.WriteNumber("output_index"u8, outputIndex);
            writer.WriteNumber("content_index"u8, contentIndex);
            return writer;
        }

        /// <summary>Closes the event begun last with its sequence number, which OpenAI writes last.</summary>
        public void End()
        {
            var writer = _writer ?? throw new InvalidOperationException("No event was begun.");
            writer.WriteNumber("sequence_number"u8, _next++);
            writer.WriteEndObject();
            Events.End();
            _writer = null;
        }

        /// <summary>
        /// The response object in an event: whole, or as it runs (<c>in_progress</c>, no output, no usage, not completed).
        /// </summary>
        public void WriteResponse(string type, JsonObject body, bool running)
        {
            var writer = Begin(type);
            writer.WritePropertyName("response"u8);
            writer.WriteStartObject();
            foreach (var (key, value) in body)
            {
                writer.WritePropertyName(key);
                if (!running)
                {
                    AnswerJson.WriteValue(writer, value);
                    continue;
                }

                switch (key)
                {
                    case "status":
                        writer.WriteStringValue("in_progress"u8);
                        break;
                    case "output":
                        writer.WriteStartArray();
                        writer.WriteEndArray();
                        break;
                    case "usage" or "completed_at":
                        writer.WriteNullValue();
                        break;
                    default:
                        AnswerJson.WriteValue(writer, value);
                        break;
                }
            }

            writer.WriteEndObject();
            End();
        }
    }
}
