using System.Text;
using System.Text.Json;

namespace Tollgate.Cli.Workloads;

/// <summary>
/// What a request body asks, as the profile and the estimate need it: the model, the whole prompt's text (system
/// prompt and instructions first, then every message in order), the last user message, and the output limit.
/// </summary>
/// <param name="Model">The body's <c>model</c>; null when it names none.</param>
/// <param name="Text">The prompt's text parts, joined by new lines.</param>
/// <param name="LastUserText">The text of the last user message (the Responses API's string input counts as one).</param>
/// <param name="MaxOutputTokens">The body's output limit, when it sets one.</param>
internal sealed record WorkloadPrompt(string? Model, string Text, string LastUserText, long? MaxOutputTokens)
{
    /// <summary>Reads the prompt of <paramref name="body"/>, a JSON object in <paramref name="protocol"/>'s format.</summary>
    public static WorkloadPrompt Read(WorkloadProtocol protocol, JsonElement body)
    {
        var text = new StringBuilder();
        var lastUser = string.Empty;
        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        long? maxTokens = null;
        foreach (var name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens", "max_output_tokens"])
        {
            if (body.TryGetProperty(name, out var limit) && limit.ValueKind == JsonValueKind.Number && limit.TryGetInt64(out var value))
            {
                maxTokens = value;
                break;
            }
        }

        if (protocol == WorkloadProtocol.Messages && body.TryGetProperty("system", out var system))
        {
            Append(text, ContentText(system));
        }

        if (protocol == WorkloadProtocol.Responses)
        {
            if (body.TryGetProperty("instructions", out var instructions))
            {
                Append(text, ContentText(instructions));
            }

            if (body.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
            {
                lastUser = input.GetString() ?? string.Empty;
                Append(text, lastUser);
                return new WorkloadPrompt(model, text.ToString(), lastUser, maxTokens);
            }
        }

        var messages = protocol == WorkloadProtocol.Responses ? "input" : "messages";
        if (body.TryGetProperty(messages, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in list.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content))
                {
                    continue;
                }

                var part = ContentText(content);
                Append(text, part);
                if (message.TryGetProperty("role", out var role) && role.ValueEquals("user"u8))
                {
                    lastUser = part;
                }
            }
        }

        return new WorkloadPrompt(model, text.ToString(), lastUser, maxTokens);
    }

    /// <summary>A content value's text: a string, or the <c>text</c> of each block of an array.</summary>
    private static string ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
            {
                Append(text, part.GetString());
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(part);
    }
}
