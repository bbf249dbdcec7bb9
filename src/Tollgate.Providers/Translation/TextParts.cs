using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>The texts of a message's content: the string itself, or each text part of an array (any other part is skipped).</summary>
internal static class TextParts
{
    public static IEnumerable<string> Of(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            yield return content.GetString() ?? string.Empty;
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.String)
                {
                    yield return part.GetString() ?? string.Empty;
                }
                else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                    && !TranslationJson.IsString(part, "type", "image_url"))
                {
                    yield return text.GetString() ?? string.Empty;
                }
                else if (part.ValueKind == JsonValueKind.Object && TranslationJson.IsString(part, "type", "refusal") && TranslationJson.String(part, "refusal") is { } refusal)
                {
                    yield return refusal;
                }
            }
        }
    }
}
