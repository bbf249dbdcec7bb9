using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>Anthropic's <c>tools</c> and <c>tool_choice</c>, written from OpenAI's (chat or Responses API).</summary>
internal static class AnthropicTools
{
    /// <summary>
    /// Writes <c>tools</c> from OpenAI function tools; <paramref name="nested"/> is chat's form
    /// (<c>{"type":"function","function":{…}}</c>), else the Responses API's flat one. Returns a refusal or null.
    /// </summary>
    public static string? WriteTools(JsonElement tools, bool nested, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !TranslationJson.IsString(tool, "type", "function"))
            {
                var type = tool.ValueKind == JsonValueKind.Object ? TranslationJson.String(tool, "type") : null;
                return $"the tool type '{type}' has no Anthropic counterpart; only function tools are translated";
            }

            var function = tool;
            if (nested && !tool.TryGetProperty("function", out function))
            {
                return "a function tool needs its function";
            }

            if (TranslationJson.String(function, "name") is not { Length: > 0 } name)
            {
                return "a function tool needs a name";
            }

            writer.WriteStartObject();
            writer.WriteString("name", name);
            TranslationJson.Copy(function, "description", writer, "description");
            writer.WritePropertyName("input_schema");
            if (TranslationJson.Has(function, "parameters", out var parameters))
            {
                parameters.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("type", "object");
                writer.WriteStartObject("properties");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return null;
    }

    /// <summary>
    /// Writes <c>tool_choice</c> from OpenAI's (<c>"auto"</c>, <c>"none"</c>, <c>"required"</c>, or a named function,
    /// chat's nested form or the Responses API's flat one) and <c>parallel_tool_calls: false</c>. Returns a refusal or null.
    /// </summary>
    public static string? WriteToolChoice(JsonElement root, Utf8JsonWriter writer)
    {
        var serial = TranslationJson.False(root, "parallel_tool_calls");
        string type = "auto";
        string? name = null;
        if (TranslationJson.Has(root, "tool_choice", out var choice))
        {
            if (choice.ValueKind == JsonValueKind.String)
            {
                type = choice.GetString() switch
                {
                    "none" => "none",
                    "required" => "any",
                    _ => "auto",
                };
            }
            else if (choice.ValueKind == JsonValueKind.Object && TranslationJson.IsString(choice, "type", "function"))
            {
                name = choice.TryGetProperty("function", out var function) ? TranslationJson.String(function, "name") : TranslationJson.String(choice, "name");
                if (string.IsNullOrEmpty(name))
                {
                    return "tool_choice names a function without its name";
                }

                type = "tool";
            }
            else
            {
                return "this tool_choice has no Anthropic counterpart; use auto, none, required or a named function";
            }
        }
        else if (!serial)
        {
            return null;
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", type);
        if (name is not null)
        {
            writer.WriteString("name", name);
        }

        if (serial && type != "none")
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
        return null;
    }
}
