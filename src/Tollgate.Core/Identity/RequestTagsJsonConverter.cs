using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Core.Identity;

/// <summary>
/// Writes <see cref="RequestTags"/> as a JSON object of strings in key order, <c>{"env":"prod","project":"atlas"}</c>,
/// and reads one back under the same rules as the header (a broken rule is a <see cref="JsonException"/>).
/// </summary>
public sealed class RequestTagsJsonConverter : JsonConverter<RequestTags>
{
    /// <inheritdoc />
    public override RequestTags Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return RequestTags.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Tags must be a JSON object of strings, e.g. {\"project\": \"atlas\"}.");
        }

        var builder = new RequestTagsBuilder("tags");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString() ?? string.Empty;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Tags must be a JSON object of strings, e.g. {\"project\": \"atlas\"}.");
            }

            if (!builder.TryAdd(key, reader.GetString(), out var error))
            {
                throw new JsonException(error);
            }
        }

        return builder.Build();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RequestTags value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
