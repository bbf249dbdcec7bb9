using System.Text;
using System.Text.Json;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// The text of a request that a person or the model wrote — messages, system prompt, instructions, tool descriptions —
/// as one string, for the personal-data check and the lifetime heuristics. Values that are not prose are left out:
/// ids, roles, types, the model, and encoded media (<c>data</c>, <c>url</c>, <c>image_url</c>, <c>file_data</c>), whose
/// base64 would look like a secret to the check and make every request with an image uncacheable.
/// </summary>
internal static class PromptText
{
    private static readonly string[] s_notProse =
    [
        "model", "role", "type", "id", "tool_call_id", "tool_use_id", "call_id", "data", "url", "image_url", "file_data",
        "file_id", "signature", "encrypted_content", "media_type", "detail", "previous_response_id", "service_tier",
        "user", "metadata", "status",
    ];

    /// <summary>The prose of <paramref name="body"/> (a JSON request), values separated by line feeds; empty when it has none.</summary>
    public static string Of(ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && IsNotProse(ref reader))
                {
                    reader.Read();
                    reader.Skip();
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(reader.GetString());
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The reader at the edge accepted the body; what was read up to a fault is all the text there is.
        }

        return text.ToString();
    }

    private static bool IsNotProse(ref Utf8JsonReader reader)
    {
        foreach (var name in s_notProse)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }
}
