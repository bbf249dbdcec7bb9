using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// OpenAI chat chunks as Anthropic stream events: the first chunk opens the message (<c>message_start</c>); content
/// deltas run in a text block, each tool call in a <c>tool_use</c> block of its own (<c>content_block_start</c>, its
/// argument pieces as <c>input_json_delta</c>, <c>content_block_stop</c>); the <c>finish_reason</c> and the usage
/// chunk that follows it make the <c>message_delta</c>, written with <c>message_stop</c> at <c>[DONE]</c>. An error
/// chunk becomes an <c>error</c> event.
/// </summary>
internal sealed class ChatToMessagesEvents : EventTranslator
{
    private UsageCounts _usage;
    private string? _stopReason;
    private bool _started;
    private bool _finished;
    private int _nextBlock;
    private int _openBlock = -1;
    private int _openTool = -1;

    public override void Translate(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data, SseOutput output)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(output);
            return;
        }

        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var writer = output.Begin("error");
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", "api_error");
            writer.WriteString("message", TranslationJson.String(error, "message") ?? "The provider's stream failed.");
            writer.WriteEndObject();
            writer.WriteEndObject();
            output.End();
            return;
        }

        if (!_started)
        {
            Start(root, output);
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            _usage.ReadChat(usage);
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return;
        }

        var choice = choices[0];
        if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            if (TranslationJson.String(delta, "content") is { Length: > 0 } text)
            {
                Text(text, output);
            }

            if (TranslationJson.Has(delta, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    ToolCall(call, output);
                }
            }
        }

        if (TranslationJson.String(choice, "finish_reason") is { } finish)
        {
            _stopReason = StopReasons.ToMessages(finish);
            CloseBlock(output);
        }
    }

    private void Start(JsonElement chunk, SseOutput output)
    {
        _started = true;
        var writer = output.Begin("message_start");
        writer.WriteStartObject();
        writer.WriteString("type", "message_start");
        writer.WriteStartObject("message");
        writer.WriteString("id", TranslationJson.String(chunk, "id"));
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", TranslationJson.String(chunk, "model"));
        writer.WriteStartArray("content");
        writer.WriteEndArray();
        writer.WriteNull("stop_reason");
        writer.WriteNull("stop_sequence");
        // OpenAI reports usage only at the end: message_delta carries it.
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", 0);
        writer.WriteNumber("output_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        output.End();
    }

    private void Text(string text, SseOutput output)
    {
        if (_openBlock < 0 || _openTool >= 0)
        {
            CloseBlock(output);
            var start = BeginBlock(output);
            start.WriteStartObject("content_block");
            start.WriteString("type", "text");
            start.WriteString("text", string.Empty);
            start.WriteEndObject();
            EndBlockEvent(start, output);
        }

        var writer = Event(output, "content_block_delta");
        writer.WriteStartObject("delta");
        writer.WriteString("type", "text_delta");
        writer.WriteString("text", text);
        writer.WriteEndObject();
        EndBlockEvent(writer, output);
    }

    private void ToolCall(JsonElement call, SseOutput output)
    {
        var index = (int)(TranslationJson.Long(call, "index") ?? 0);
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        if (index != _openTool || (_openBlock < 0))
        {
            CloseBlock(output);
            _openTool = index;
            var start = BeginBlock(output);
            start.WriteStartObject("content_block");
            start.WriteString("type", "tool_use");
            start.WriteString("id", TranslationJson.String(call, "id"));
            start.WriteString("name", function.ValueKind == JsonValueKind.Object ? TranslationJson.String(function, "name") : null);
            start.WriteStartObject("input");
            start.WriteEndObject();
            start.WriteEndObject();
            EndBlockEvent(start, output);
        }

        if (function.ValueKind == JsonValueKind.Object && TranslationJson.String(function, "arguments") is { Length: > 0 } piece)
        {
            var writer = Event(output, "content_block_delta");
            writer.WriteStartObject("delta");
            writer.WriteString("type", "input_json_delta");
            writer.WriteString("partial_json", piece);
            writer.WriteEndObject();
            EndBlockEvent(writer, output);
        }
    }

    private Utf8JsonWriter BeginBlock(SseOutput output)
    {
        _openBlock = _nextBlock++;
        return Event(output, "content_block_start");
    }

    private void CloseBlock(SseOutput output)
    {
        if (_openBlock < 0)
        {
            return;
        }

        EndBlockEvent(Event(output, "content_block_stop"), output);
        _openBlock = -1;
        _openTool = -1;
    }

    private Utf8JsonWriter Event(SseOutput output, string type)
    {
        var writer = output.Begin(type);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteNumber("index", _openBlock);
        return writer;
    }

    private static void EndBlockEvent(Utf8JsonWriter writer, SseOutput output)
    {
        writer.WriteEndObject();
        output.End();
    }

    private void Finish(SseOutput output)
    {
        if (_finished || !_started)
        {
            return;
        }

        _finished = true;
        CloseBlock(output);
        var writer = output.Begin("message_delta");
        writer.WriteStartObject();
        writer.WriteString("type", "message_delta");
        writer.WriteStartObject("delta");
        writer.WriteString("stop_reason", _stopReason ?? "end_turn");
        writer.WriteNull("stop_sequence");
        writer.WriteEndObject();
        _usage.WriteMessages(writer);
        writer.WriteEndObject();
        output.End();
        var stop = output.Begin("message_stop");
        stop.WriteStartObject();
        stop.WriteString("type", "message_stop");
        stop.WriteEndObject();
        output.End();
    }
}
