using System.Text.Json;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>
/// Input items as the provider keeps them: each with an id and a status, a message's string content as one
/// <c>input_text</c> part (<c>output_text</c> for an assistant's), so that <c>input_items</c> lists them as OpenAI does and a
/// conversation reads the same whichever way its turns were sent.
/// </summary>
internal static class ResponseItems
{
    /// <summary>A string <c>input</c>: one user message.</summary>
    public static JsonElement UserText(string text) =>
        ResponsesWire.Element(text, static (writer, t) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, ResponsesWire.NewId("msg_"));
            writer.WriteString("type"u8, "message"u8);
            writer.WriteString("role"u8, "user"u8);
            writer.WriteStartArray("content"u8);
            WriteInputText(writer, "input_text"u8, t);
            writer.WriteEndArray();
            writer.WriteString("status"u8, "completed"u8);
            writer.WriteEndObject();
        });

    /// <summary>One item of an <c>input</c> array (already validated), with its id, type and status filled in.</summary>
    public static JsonElement Normalize(JsonElement item, string type) =>
        ResponsesWire.Element((item, type), static (writer, s) =>
        {
            var (item, type) = s;
            writer.WriteStartObject();
            writer.WritePropertyName("id"u8);
            if (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                id.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(ResponsesWire.NewId(IdPrefix(type)));
            }

            writer.WriteString("type"u8, type);
            var role = type == "message" ? item.GetProperty("role").GetString() : null;
            foreach (var property in item.EnumerateObject())
            {
                if (property.NameEquals("id"u8) || property.NameEquals("type"u8))
                {
                    continue;
                }

                if (role is not null && property.NameEquals("content"u8) && property.Value.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStartArray("content"u8);
                    WriteInputText(writer, role == "assistant" ? "output_text"u8 : "input_text"u8, property.Value.GetString()!);
                    writer.WriteEndArray();
                    continue;
                }

                property.WriteTo(writer);
            }

            if (!item.TryGetProperty("status", out _) && type is "message" or "function_call" or "function_call_output")
            {
                writer.WriteString("status"u8, "completed"u8);
            }

            writer.WriteEndObject();
        });

    private static string IdPrefix(string type) => type switch
    {
        "message" => "msg_",
        "function_call" => "fc_",
        "function_call_output" => "fco_",
        _ => "item_",
    };

    private static void WriteInputText(Utf8JsonWriter writer, ReadOnlySpan<byte> type, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        if (type.SequenceEqual("output_text"u8))
        {
            writer.WriteStartArray("annotations"u8);
            writer.WriteEndArray();
        }

        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }
}
