using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// Anthropic stream events as OpenAI chat chunks: <c>message_start</c> opens the assistant's message, text deltas
/// become <c>content</c> deltas, a <c>tool_use</c> block a tool call (its id and name first, then its argument pieces),
/// <c>message_delta</c> the <c>finish_reason</c>, <c>message_stop</c> the usage chunk (when the request asked for it)
/// and <c>[DONE]</c>; an <c>error</c> event becomes OpenAI's error chunk. Pings and thinking are left out.
/// </summary>
internal sealed class MessagesToChatEvents(bool includeUsage) : EventTranslator
{
    private readonly List<int> _toolByBlock = new(4);
    private readonly long _created = TranslationJson.Now();
    private UsageCounts _usage;
    private string? _id;
    private string? _model;
    private int _tools;

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
                _id = TranslationJson.String(message, "id");
                _model = TranslationJson.String(message, "model");
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    _usage.ReadMessages(startUsage);
                }

                var writer = Chunk(output);
                writer.WriteString("role", "assistant");
                writer.WriteString("content", string.Empty);
                EndChunk(output, writer, finish: null);
                break;
            case "content_block_start" when root.TryGetProperty("content_block", out var block):
                StartBlock(TranslationJson.Long(root, "index") ?? 0, block, output);
                break;
            case "content_block_delta" when root.TryGetProperty("delta", out var delta):
                Delta(TranslationJson.Long(root, "index") ?? 0, delta, output);
                break;
            case "message_delta":
                if (root.TryGetProperty("usage", out var usage))
                {
                    _usage.ReadMessages(usage);
                }

                var stop = root.TryGetProperty("delta", out var messageDelta) ? TranslationJson.String(messageDelta, "stop_reason") : null;
                EndChunk(output, Chunk(output), StopReasons.ToChat(stop));
                break;
            case "message_stop":
                if (includeUsage)
                {
                    var final = output.Begin(null);
                    WriteChunkHead(final);
                    final.WriteStartArray("choices");
                    final.WriteEndArray();
                    _usage.WriteChat(final);
                    final.WriteEndObject();
                    output.End();
                }

                output.Raw("[DONE]"u8);
                break;
            case "error":
                WriteError(root, output);
                break;
        }
    }

    private void StartBlock(long index, JsonElement block, SseOutput output)
    {
        while (_toolByBlock.Count <= index)
        {
            _toolByBlock.Add(-1);
        }

        if (TranslationJson.IsString(block, "type", "tool_use"))
        {
            var tool = _tools++;
            _toolByBlock[(int)index] = tool;
            var writer = Chunk(output);
            writer.WriteStartArray("tool_calls");
            writer.WriteStartObject();
            writer.WriteNumber("index", tool);
            writer.WriteString("id", TranslationJson.String(block, "id"));
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", TranslationJson.String(block, "name"));
            writer.WriteString("arguments", string.Empty);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            EndChunk(output, writer, finish: null);
        }
        else if (TranslationJson.IsString(block, "type", "text") && TranslationJson.String(block, "text") is { Length: > 0 } text)
        {
            var writer = Chunk(output);
            writer.WriteString("content", text);
            EndChunk(output, writer, finish: null);
        }
    }

    private void Delta(long index, JsonElement delta, SseOutput output)
    {
        var type = TranslationJson.String(delta, "type");
        if (type == "text_delta")
        {
            var writer = Chunk(output);
            writer.WriteString("content", TranslationJson.String(delta, "text"));
            EndChunk(output, writer, finish: null);
        }
        else if (type == "input_json_delta" && index < _toolByBlock.Count && _toolByBlock[(int)index] >= 0
            && TranslationJson.String(delta, "partial_json") is { Length: > 0 } piece)
        {
            var writer = Chunk(output);
            writer.WriteStartArray("tool_calls");
            writer.WriteStartObject();
            writer.WriteNumber("index", _toolByBlock[(int)index]);
            writer.WriteStartObject("function");
            writer.WriteString("arguments", piece);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            EndChunk(output, writer, finish: null);
        }
    }

    /// <summary>Starts a chunk and its choice's <c>delta</c> object.</summary>
    private Utf8JsonWriter Chunk(SseOutput output)
    {
        var writer = output.Begin(null);
        WriteChunkHead(writer);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        return writer;
    }

    private void EndChunk(SseOutput output, Utf8JsonWriter writer, string? finish)
    {
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (finish is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finish);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        if (includeUsage)
        {
            // As OpenAI writes every chunk but the last of a stream that asked for usage.
            writer.WriteNull("usage");
        }

        writer.WriteEndObject();
        output.End();
    }

    private void WriteChunkHead(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", _id);
        writer.WriteString("object", "chat.completion.chunk");
        writer.WriteNumber("created", _created);
        writer.WriteString("model", _model);
    }

    private static void WriteError(JsonElement root, SseOutput output)
    {
        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var anthropicType = error.ValueKind == JsonValueKind.Object ? TranslationJson.String(error, "type") : null;
        var status = anthropicType switch
        {
            "overloaded_error" => 529,
            "rate_limit_error" => 429,
            "invalid_request_error" => 400,
            _ => 500,
        };
        var (type, code) = ErrorTranslation.OpenAIType(status);
        var writer = output.Begin(null);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", (error.ValueKind == JsonValueKind.Object ? TranslationJson.String(error, "message") : null) ?? "The provider's stream failed.");
        writer.WriteString("type", type);
        writer.WriteNull("param");
        writer.WriteString("code", code ?? anthropicType);
        writer.WriteEndObject();
        writer.WriteEndObject();
        output.End();
    }
}
