using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// Writes an Anthropic <c>messages</c> array block by block: a block of the same role as the turn being written joins
/// it, another role closes it and opens the next. Consecutive tool results (and the user text after them) so become
/// one user turn, as Anthropic requires, and no turn is ever written empty.
/// </summary>
internal struct MessagesTurns(Utf8JsonWriter writer)
{
    private string? _role;

    /// <summary>Opens a turn of <paramref name="role"/> unless one is open; the caller then writes one content block.</summary>
    public void Block(string role)
    {
        if (ReferenceEquals(_role, role) || _role == role)
        {
            return;
        }

        Close();
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        _role = role;
    }

    public void Close()
    {
        if (_role is null)
        {
            return;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        _role = null;
    }

    public void Text(string role, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            // Anthropic refuses empty text blocks.
            return;
        }

        Block(role);
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>An image by URL or as a <c>data:</c> URL (base64 source).</summary>
    public void Image(string role, string url)
    {
        Block(role);
        writer.WriteStartObject();
        writer.WriteString("type", "image");
        writer.WriteStartObject("source");
        if (TranslationJson.TrySplitDataUrl(url, out var media, out var data))
        {
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", media);
            writer.WriteString("data", data);
        }
        else
        {
            writer.WriteString("type", "url");
            writer.WriteString("url", url);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A PDF given inline (<c>data:application/pdf;base64,…</c>) as a document block; false for anything else.</summary>
    public bool Document(string role, string fileData)
    {
        if (!TranslationJson.TrySplitDataUrl(fileData, out var media, out var data) || media != "application/pdf")
        {
            return false;
        }

        Block(role);
        writer.WriteStartObject();
        writer.WriteString("type", "document");
        writer.WriteStartObject("source");
        writer.WriteString("type", "base64");
        writer.WriteString("media_type", media);
        writer.WriteString("data", data);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return true;
    }

    /// <summary>An assistant's tool call; its arguments (JSON text) become the block's <c>input</c> object. Returns a refusal or null.</summary>
    public string? ToolUse(string? id, string? name, string? arguments)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            return "a tool call needs an id and a function name";
        }

        JsonDocument? input = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(arguments))
            {
                input = JsonDocument.Parse(arguments, TranslationJson.DocumentOptions);
                if (input.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"the arguments of tool call '{id}' are not a JSON object, which Anthropic's tool_use input must be";
                }
            }
        }
        catch (JsonException)
        {
            input?.Dispose();
            return $"the arguments of tool call '{id}' are not valid JSON";
        }

        using (input)
        {
            Block("assistant");
            writer.WriteStartObject();
            writer.WriteString("type", "tool_use");
            writer.WriteString("id", id);
            writer.WriteString("name", name);
            writer.WritePropertyName("input");
            if (input is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                input.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return null;
    }

    /// <summary>A tool's result as a <c>tool_result</c> block of a user turn: text, or text parts.</summary>
    public string? ToolResult(string? toolUseId, JsonElement content)
    {
        if (string.IsNullOrEmpty(toolUseId))
        {
            return "a tool result needs the id of the call it answers";
        }

        Block("user");
        writer.WriteStartObject();
        writer.WriteString("type", "tool_result");
        writer.WriteString("tool_use_id", toolUseId);
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("content", content.GetString());
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray("content");
            foreach (var part in content.EnumerateArray())
            {
                var text = part.ValueKind == JsonValueKind.String ? part.GetString() : TranslationJson.String(part, "text");
                if (!string.IsNullOrEmpty(text))
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        return null;
    }
}
