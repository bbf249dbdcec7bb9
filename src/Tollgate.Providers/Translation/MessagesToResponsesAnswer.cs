using System.Text.Json;

namespace Tollgate.Providers.Translation;

/// <summary>
/// An Anthropic message as a Responses API response: text blocks as one message item's <c>output_text</c>,
/// <c>tool_use</c> blocks as <c>function_call</c> items, <c>max_tokens</c> as <c>status: incomplete</c>, usage in the
/// Responses form.
/// </summary>
internal static class MessagesToResponsesAnswer
{
    public static void Write(JsonElement message, Utf8JsonWriter writer)
    {
        var output = new ResponsesOutput();
        output.Start(TranslationJson.String(message, "id"), TranslationJson.String(message, "model"));
        output.StopReason = TranslationJson.String(message, "stop_reason");
        if (message.TryGetProperty("usage", out var usage))
        {
            output.Usage.ReadMessages(usage);
        }

        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            ResponsesOutput.Item? text = null;
            foreach (var block in content.EnumerateArray())
            {
                switch (TranslationJson.String(block, "type"))
                {
                    case "text":
                        (text ??= output.AddMessage()).Text.Append(TranslationJson.String(block, "text"));
                        break;
                    case "tool_use":
                        var call = output.AddFunctionCall(TranslationJson.String(block, "id"), TranslationJson.String(block, "name"));
                        call.Text.Append(block.TryGetProperty("input", out var input) ? input.GetRawText() : "{}");
                        text = null;
                        break;
                }
            }
        }

        output.WriteResponse(writer, finished: true);
    }
}
