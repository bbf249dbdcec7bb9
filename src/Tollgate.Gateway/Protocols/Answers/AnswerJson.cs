using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// JSON as the answer forms read and write it: strings escaped the way the providers escape them (only what JSON
/// requires; UTF-8 kept as is, emoji included, which every encoder of System.Text.Json would write as <c>\u</c> pairs),
/// and the one rule by which a stream's deltas add up to a whole — the rule the official SDKs accumulate by.
/// </summary>
internal static class AnswerJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses a JSON object; anything else is a <see cref="JsonException"/>.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new JsonException("The JSON is not an object.");

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static int? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

    public static long? Long(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteValue(writer, node);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="node"/> as a value (JSON null for none); numbers keep the text they were read with.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                if (String(node) is { } text)
                {
                    WriteStringValue(writer, text);
                }
                else
                {
                    node.WriteTo(writer);
                }

                break;
        }
    }

    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string value)
    {
        writer.WritePropertyName(name);
        WriteStringValue(writer, value);
    }

    /// <summary>A string escaped as the providers escape: quote, backslash and control characters only.</summary>
    public static void WriteStringValue(Utf8JsonWriter writer, string value)
    {
        var literal = new StringBuilder(value.Length + 2);
        literal.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    literal.Append("\\\"");
                    break;
                case '\\':
                    literal.Append("\\\\");
                    break;
                case '\n':
                    literal.Append("\\n");
                    break;
                case '\r':
                    literal.Append("\\r");
                    break;
                case '\t':
                    literal.Append("\\t");
                    break;
                case < ' ':
                    literal.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    literal.Append(c);
                    break;
            }
        }

        literal.Append('"');
        writer.WriteRawValue(Encoding.UTF8.GetBytes(literal.ToString()), skipInputValidation: true);
    }

    /// <summary>
    /// Adds one property of a delta to what came before it: a value where there was none (or null) is taken, strings
    /// are appended (text, arguments), arrays extended (annotations, logprobs), objects merged property by property,
    /// anything else replaced. Names and kinds are not text: an <c>id</c>, <c>type</c>, <c>role</c>, <c>name</c> or
    /// <c>call_id</c> is kept as first given, however often a server repeats it.
    /// </summary>
    public static void Merge(JsonObject target, string name, JsonNode? value)
    {
        if (!target.TryGetPropertyValue(name, out var existing) || existing is null)
        {
            target[name] = value?.DeepClone();
            return;
        }

        if (value is null)
        {
            return;
        }

        if (existing is JsonObject existingObject && value is JsonObject valueObject)
        {
            foreach (var (key, item) in valueObject)
            {
                Merge(existingObject, key, item);
            }
        }
        else if (existing is JsonArray existingArray && value is JsonArray valueArray)
        {
            foreach (var item in valueArray)
            {
                existingArray.Add(item?.DeepClone());
            }
        }
        else if (String(existing) is { } before && String(value) is { } after)
        {
            if (!IsIdentity(name))
            {
                target[name] = before + after;
            }
            else if (before.Length == 0)
            {
                target[name] = after;
            }
        }
        else
        {
            target[name] = value.DeepClone();
        }
    }

    private static bool IsIdentity(string name) => name is "id" or "type" or "role" or "name" or "call_id" or "index";
}
