using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tollgate.Providers.Simulation.Answers;

namespace Tollgate.Providers.Simulation.Requests;

/// <summary>Small readers shared by the OpenAI and Anthropic request parsers.</summary>
internal static class JsonRead
{
    /// <summary>
    /// The schema of a json_schema output format: <c>{"type": "json_schema", "schema": …}</c> at <paramref name="path"/>
    /// (Responses <c>text.format</c>, Anthropic <c>output_format</c>), or under its <c>json_schema</c> (Chat Completions'
    /// <c>response_format</c>); undefined when there is none.
    /// </summary>
    public static JsonElement OutputSchema(JsonElement root, params ReadOnlySpan<string> path)
    {
        var format = root;
        foreach (var name in path)
        {
            if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty(name, out format))
            {
                return default;
            }
        }

        if (format.ValueKind != JsonValueKind.Object || String(format, "type") != "json_schema")
        {
            return default;
        }

        var holder = format.TryGetProperty("json_schema", out var named) && named.ValueKind == JsonValueKind.Object ? named : format;
        return holder.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object ? schema : default;
    }

    public static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool True(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Reads an optional count: false when it is there (and not null) but not an integer of at least 1.</summary>
    public static bool TryCount(JsonElement obj, string name, out int? count)
    {
        count = null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (!value.TryGetInt32(out var number) || number < 1)
        {
            return false;
        }

        count = number;
        return true;
    }

    /// <summary>Folds an element's raw UTF-8 text into a hash without copying it.</summary>
    public static ulong Hash(ulong hash, JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? hash : PromptHash.Add(hash, JsonMarshal.GetRawUtf8Value(element));

    /// <summary>The text of a message content: a string, or the <c>text</c> of its parts joined.</summary>
    public static string? ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        StringBuilder? builder = null;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && String(part, "text") is { } text)
            {
                builder ??= new StringBuilder();
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(text);
            }
        }

        return builder?.ToString() ?? string.Empty;
    }
}
