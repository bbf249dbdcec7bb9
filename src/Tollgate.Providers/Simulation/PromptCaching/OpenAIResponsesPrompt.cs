using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Tokens;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// Reads a Responses API prompt into a <see cref="TokenPrefix"/> in the order OpenAI reads it: the tool definitions and
/// the settings that shape the answer, the <c>instructions</c>, then the items (those of the responses it continues,
/// then its own input). Counted as the chat route counts messages: each item adds
/// <see cref="TokenCounter.PerMessageOverhead"/> and the tokens of the text the model reads in it (a message's role and
/// content, a call's name and arguments, a call's output), so the prefix's length is the prompt's input tokens before the
/// tokens that prime the reply. Items carry ids the model never reads, which are left out, so a conversation continued
/// with <c>previous_response_id</c> reads as the same prefix as the calls before it.
/// </summary>
internal static class OpenAIResponsesPrompt
{
    public static TokenPrefix Read(string model, JsonElement body, IReadOnlyList<JsonElement> context, IReadOnlyList<JsonElement> input)
    {
        var prefix = new TokenPrefix("openai-responses", model);
        if (body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            prefix.AppendOpaque(PrefixPiece.Section, "tools"u8, 0);
            prefix.AppendText(tools.GetRawText());
        }

        // tool_choice and the output format change what the model reads before the conversation.
        if (body.TryGetProperty("tool_choice", out var choice))
        {
            prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(choice), 0);
        }

        if (body.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object && text.TryGetProperty("format", out var format))
        {
            prefix.AppendOpaque(PrefixPiece.Property, JsonMarshal.GetRawUtf8Value(format), 0);
        }

        if (body.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            prefix.AppendOpaque(PrefixPiece.Section, "instructions"u8, 0);
            prefix.AppendOpaque(PrefixPiece.Message, default, TokenCounter.PerMessageOverhead);
            prefix.AppendText(instructions.GetString()!);
        }

        prefix.AppendOpaque(PrefixPiece.Section, "input"u8, 0);
        foreach (var item in context)
        {
            AppendItem(prefix, item);
        }

        foreach (var item in input)
        {
            AppendItem(prefix, item);
        }

        return prefix;
    }

    private static void AppendItem(TokenPrefix prefix, JsonElement item)
    {
        var type = item.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString()! : "message";
        prefix.AppendOpaque(PrefixPiece.Message, Encoding.UTF8.GetBytes(type), TokenCounter.PerMessageOverhead);
        switch (type)
        {
            case "message":
                AppendText(prefix, item, "role");
                if (item.TryGetProperty("content", out var content))
                {
                    OpenAIChatPrompt.AppendContent(prefix, content);
                }

                break;
            case "function_call":
                AppendText(prefix, item, "name");
                AppendText(prefix, item, "arguments");
                break;
            case "function_call_output":
                if (item.TryGetProperty("output", out var output))
                {
                    OpenAIChatPrompt.AppendContent(prefix, output);
                }

                break;
            case "web_search_call":
                if (item.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object)
                {
                    AppendText(prefix, action, "query");
                }

                break;
            default:
                // An item the simulator does not model: the model reads it whole.
                prefix.AppendText(item.GetRawText());
                break;
        }
    }

    private static void AppendText(TokenPrefix prefix, JsonElement item, string name)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            prefix.AppendOpaque(PrefixPiece.Property, Encoding.UTF8.GetBytes(name), 0);
            prefix.AppendText(value.GetString()!);
        }
    }
}
