using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// Anthropic stream events as Responses API events: <c>message_start</c> as <c>response.created</c> and
/// <c>response.in_progress</c>; a text block as a message item (<c>output_item.added</c>, <c>content_part.added</c>,
/// <c>output_text.delta</c>s, then the <c>.done</c> events with the whole text); a <c>tool_use</c> block as a
/// <c>function_call</c> item with its argument deltas; <c>message_stop</c> as <c>response.completed</c> (or
/// <c>response.incomplete</c> at the output limit) with the output and usage; an <c>error</c> event as <c>error</c>.
/// </summary>
internal sealed class MessagesToResponsesEvents : EventTranslator
{
    private readonly ResponsesOutput _output = new();
    private readonly List<int> _itemByBlock = new(4);
    private long _sequence;

    public override void Translate(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data, SseOutput output)
    {
        if (name.SequenceEqual("ping"u8) || data.IsEmpty)
        {
            return;
        }

        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        switch (TranslationJson.String(root, "type"))
        {
            case "message_start" when root.TryGetProperty("message", out var message):
                _output.Start(TranslationJson.String(message, "id"), TranslationJson.String(message, "model"));
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    _output.Usage.ReadMessages(startUsage);
                }

                WriteResponseEvent(output, "response.created", finished: false);
                WriteResponseEvent(output, "response.in_progress", finished: false);
                break;
            case "content_block_start" when root.TryGetProperty("content_block", out var block):
                StartBlock((int)(TranslationJson.Long(root, "index") ?? 0), block, output);
                break;
            case "content_block_delta" when root.TryGetProperty("delta", out var delta):
                Delta((int)(TranslationJson.Long(root, "index") ?? 0), delta, output);
                break;
            case "content_block_stop":
                StopBlock((int)(TranslationJson.Long(root, "index") ?? 0), output);
                break;
            case "message_delta":
                if (root.TryGetProperty("usage", out var usage))
                {
                    _output.Usage.ReadMessages(usage);
                }

                if (root.TryGetProperty("delta", out var messageDelta))
                {
                    _output.StopReason = TranslationJson.String(messageDelta, "stop_reason");
                }

                break;
            case "message_stop":
                WriteResponseEvent(output, StopReasons.IsIncomplete(_output.StopReason) ? "response.incomplete" : "response.completed", finished: true);
                break;
            case "error":
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
                var writer = Begin(output, "error");
                writer.WriteString("code", error.ValueKind == JsonValueKind.Object ? TranslationJson.String(error, "type") : "api_error");
                writer.WriteString("message", (error.ValueKind == JsonValueKind.Object ? TranslationJson.String(error, "message") : null) ?? "The provider's stream failed.");
                writer.WriteNull("param");
                End(output, writer);
                break;
        }
    }

    private void StartBlock(int index, JsonElement block, SseOutput output)
    {
        while (_itemByBlock.Count <= index)
        {
            _itemByBlock.Add(-1);
        }

        ResponsesOutput.Item item;
        if (TranslationJson.IsString(block, "type", "text"))
        {
            item = _output.AddMessage();
        }
        else if (TranslationJson.IsString(block, "type", "tool_use"))
        {
            item = _output.AddFunctionCall(TranslationJson.String(block, "id"), TranslationJson.String(block, "name"));
        }
        else
        {
            return;
        }

        var outputIndex = _output.Count - 1;
        _itemByBlock[index] = outputIndex;
        var added = Begin(output, "response.output_item.added");
        added.WriteNumber("output_index", outputIndex);
        added.WritePropertyName("item");
        item.Write(added, completed: false);
        End(output, added);
        if (item.IsMessage)
        {
            var part = Begin(output, "response.content_part.added");
            WriteItemPlace(part, item, outputIndex, content: true);
            part.WritePropertyName("part");
            ResponsesOutput.Item.WriteTextPart(part, string.Empty);
            End(output, part);
            if (TranslationJson.String(block, "text") is { Length: > 0 } text)
            {
                TextDelta(item, outputIndex, text, output);
            }
        }
    }

    private void Delta(int index, JsonElement delta, SseOutput output)
    {
        if (index >= _itemByBlock.Count || _itemByBlock[index] < 0)
        {
            return;
        }

        var outputIndex = _itemByBlock[index];
        var item = _output.At(outputIndex);
        var type = TranslationJson.String(delta, "type");
        if (type == "text_delta" && TranslationJson.String(delta, "text") is { } text)
        {
            TextDelta(item, outputIndex, text, output);
        }
        else if (type == "input_json_delta" && TranslationJson.String(delta, "partial_json") is { Length: > 0 } piece)
        {
            item.Text.Append(piece);
            var writer = Begin(output, "response.function_call_arguments.delta");
            WriteItemPlace(writer, item, outputIndex, content: false);
            writer.WriteString("delta", piece);
            End(output, writer);
        }
    }

    private void TextDelta(ResponsesOutput.Item item, int outputIndex, string text, SseOutput output)
    {
        item.Text.Append(text);
        var writer = Begin(output, "response.output_text.delta");
        WriteItemPlace(writer, item, outputIndex, content: true);
        writer.WriteString("delta", text);
        writer.WriteStartArray("logprobs");
        writer.WriteEndArray();
        End(output, writer);
    }

    private void StopBlock(int index, SseOutput output)
    {
        if (index >= _itemByBlock.Count || _itemByBlock[index] < 0)
        {
            return;
        }

        var outputIndex = _itemByBlock[index];
        var item = _output.At(outputIndex);
        var text = item.Text.ToString();
        if (item.IsMessage)
        {
            var done = Begin(output, "response.output_text.done");
            WriteItemPlace(done, item, outputIndex, content: true);
            done.WriteString("text", text);
            done.WriteStartArray("logprobs");
            done.WriteEndArray();
            End(output, done);
            var part = Begin(output, "response.content_part.done");
            WriteItemPlace(part, item, outputIndex, content: true);
            part.WritePropertyName("part");
            ResponsesOutput.Item.WriteTextPart(part, text);
            End(output, part);
        }
        else
        {
            var done = Begin(output, "response.function_call_arguments.done");
            WriteItemPlace(done, item, outputIndex, content: false);
            done.WriteString("arguments", text);
            End(output, done);
        }

        var itemDone = Begin(output, "response.output_item.done");
        itemDone.WriteNumber("output_index", outputIndex);
        itemDone.WritePropertyName("item");
        item.Write(itemDone, completed: true);
        End(output, itemDone);
    }

    private static void WriteItemPlace(Utf8JsonWriter writer, ResponsesOutput.Item item, int outputIndex, bool content)
    {
        writer.WriteString("item_id", item.Id);
        writer.WriteNumber("output_index", outputIndex);
        if (content)
        {
            writer.WriteNumber("content_index", 0);
        }
    }

    private void WriteResponseEvent(SseOutput output, string type, bool finished)
    {
        var writer = Begin(output, type);
        writer.WritePropertyName("response");
        _output.WriteResponse(writer, finished);
        End(output, writer);
    }

    private Utf8JsonWriter Begin(SseOutput output, string type)
    {
        var writer = output.Begin(type);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteNumber("sequence_number", _sequence++);
        return writer;
    }

    private static void End(SseOutput output, Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        output.End();
    }
}
