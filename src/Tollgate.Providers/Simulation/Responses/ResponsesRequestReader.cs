using System.Text.Json;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>Validates a <c>POST /v1/responses</c> body as OpenAI does and extracts a <see cref="ResponsesTurn"/>.</summary>
internal static class ResponsesRequestReader
{
    /// <summary>OpenAI refuses a smaller <c>max_output_tokens</c>.</summary>
    public const int MinimumOutputTokens = 16;

    private static readonly string[] EchoedSettings =
    [
        "instructions", "max_output_tokens", "max_tool_calls", "parallel_tool_calls", "previous_response_id", "prompt_cache_key",
        "reasoning", "safety_identifier", "service_tier", "temperature", "text", "tool_choice", "tools", "top_logprobs", "top_p",
        "truncation", "user", "metadata", "conversation",
    ];

    /// <summary>Reads the body; <paramref name="store"/> holds the responses a <c>previous_response_id</c> may name.</summary>
    public static RequestProblem? TryRead(JsonElement root, ResponseStore store, out ResponsesTurn? turn)
    {
        turn = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem("Invalid type for request body: expected an object.");
        }

        if (JsonRead.String(root, "model") is not { Length: > 0 } model)
        {
            return new RequestProblem("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }

        foreach (var name in (ReadOnlySpan<string>)["stream", "store", "background"])
        {
            if (root.TryGetProperty(name, out var flag) && flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return InvalidType(name, "a boolean", flag);
            }
        }

        int? maxOutputTokens = null;
        if (root.TryGetProperty("max_output_tokens", out var max) && max.ValueKind != JsonValueKind.Null)
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt64(out var limit))
            {
                return InvalidType("max_output_tokens", "an integer", max);
            }

            if (limit < MinimumOutputTokens)
            {
                return new RequestProblem(
                    $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= {MinimumOutputTokens}, but got {limit} instead.",
                    "max_output_tokens",
                    "integer_below_min_value");
            }

            maxOutputTokens = (int)Math.Min(limit, int.MaxValue);
        }

        if (ReadInput(root, out var input) is { } inputProblem)
        {
            return inputProblem;
        }

        if (CheckTools(root) is { } toolProblem)
        {
            return toolProblem;
        }

        var stream = JsonRead.True(root, "stream");
        var keep = !(root.TryGetProperty("store", out var storeFlag) && storeFlag.ValueKind == JsonValueKind.False);
        var background = JsonRead.True(root, "background");
        if (background && !keep)
        {
            // Our wording: a background response is only ever read back from the store.
            return new RequestProblem("Background mode requires 'store' to be true.", "background", "invalid_value");
        }

        var previousId = JsonRead.String(root, "previous_response_id");
        if (previousId is not null && root.TryGetProperty("conversation", out var conversation) && conversation.ValueKind != JsonValueKind.Null)
        {
            return new RequestProblem(
                "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
                null,
                "mutually_exclusive_parameters");
        }

        IReadOnlyList<JsonElement> context = [];
        var seed = PromptHash.Add(PromptHash.Basis, model.AsSpan());
        if (previousId is not null)
        {
            if (store.Find(previousId) is not { } previous)
            {
                return new RequestProblem($"Previous response with id '{previousId}' not found.", "previous_response_id", "previous_response_not_found");
            }

            context = previous.Conversation;
            seed = PromptHash.Add(seed, BitConverter.GetBytes(previous.Seed));
        }

        seed = JsonRead.Hash(seed, root.TryGetProperty("instructions", out var instructions) ? instructions : default);
        seed = JsonRead.Hash(seed, root.GetProperty("input"));

        using var prompt = OpenAIResponsesPrompt.Read(model, root, context, input);
        var last = input.Count > 0 ? input[^1] : default;
        var lastUserText = last.ValueKind == JsonValueKind.Object && JsonRead.String(last, "type") == "message" && JsonRead.String(last, "role") == "user"
            ? JsonRead.ContentText(last.GetProperty("content"))
            : null;
        var (toolName, schema, webSearch) = lastUserText is null ? (null, default, false) : ChooseTool(root);
        turn = new ResponsesTurn
        {
            Chat = new ChatTurn
            {
                Model = model,
                Stream = stream,
                MaxTokens = maxOutputTokens,
                InputTokens = prompt.Position + TokenCounter.ReplyPriming,
                Seed = seed,
                LastUserText = lastUserText,
                ToolName = toolName,
                ToolSchema = schema,
                OutputSchema = JsonRead.OutputSchema(root, "text", "format"),
            },
            Settings = Settings(root),
            InputItems = input,
            Context = context,
            Checkpoints = [.. prompt.Checkpoints],
            Store = keep,
            Background = background,
            WebSearch = webSearch,
        };
        return null;
    }

    /// <summary>Reads <c>input</c>, a string or an array of items, into items as the provider keeps them.</summary>
    private static RequestProblem? ReadInput(JsonElement root, out List<JsonElement> items)
    {
        items = [];
        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            return new RequestProblem("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            items.Add(ResponseItems.UserText(input.GetString()!));
            return null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("input", "a string or an array of input items", input);
        }

        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var where = $"input[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return InvalidType(where, "an object", item);
            }

            var type = JsonRead.String(item, "type") ?? (item.TryGetProperty("role", out _) ? "message" : null);
            if (type is null)
            {
                return new RequestProblem($"Missing required parameter: '{where}.type'.", $"{where}.type", "missing_required_parameter");
            }

            string[] required = type switch
            {
                "message" => ["role", "content"],
                "function_call" => ["call_id", "name", "arguments"],
                "function_call_output" => ["call_id", "output"],
                _ => [],
            };
            foreach (var name in required)
            {
                if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    return new RequestProblem($"Missing required parameter: '{where}.{name}'.", $"{where}.{name}", "missing_required_parameter");
                }
            }

            if (type == "message" && item.GetProperty("content").ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                return InvalidType($"{where}.content", "a string or an array of content parts", item.GetProperty("content"));
            }

            items.Add(ResponseItems.Normalize(item, type));
        }

        return null;
    }

    /// <summary>Every tool names its <c>type</c>, and a function tool its <c>name</c>.</summary>
    private static RequestProblem? CheckTools(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("tools", "an array", tools);
        }

        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var where = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return InvalidType(where, "an object", tool);
            }

            var type = JsonRead.String(tool, "type");
            if (type is null)
            {
                return new RequestProblem($"Missing required parameter: '{where}.type'.", $"{where}.type", "missing_required_parameter");
            }

            if (type == "function" && JsonRead.String(tool, "name") is null)
            {
                return new RequestProblem($"Missing required parameter: '{where}.name'.", $"{where}.name", "missing_required_parameter");
            }
        }

        return null;
    }

    /// <summary>
    /// The tool the answer calls, as the chat route picks it (<c>tool_choice</c> <c>"none"</c> calls none, a named
    /// function that one, else the first function), or, with no function to call, whether it runs a declared web search.
    /// </summary>
    private static (string? Name, JsonElement Schema, bool WebSearch) ChooseTool(JsonElement root)
    {
        string? wanted = null;
        var searchOnly = false;
        if (root.TryGetProperty("tool_choice", out var choice))
        {
            if (choice.ValueKind == JsonValueKind.String && choice.GetString() == "none")
            {
                return (null, default, false);
            }

            if (choice.ValueKind == JsonValueKind.Object && JsonRead.String(choice, "type") is { } type)
            {
                wanted = type == "function" ? JsonRead.String(choice, "name") : null;
                searchOnly = type.StartsWith("web_search", StringComparison.Ordinal);
            }
        }

        var (name, schema) = searchOnly ? (null, default) : ChatBody.PickTool(root, wanted, wrapper: null, schemaName: "parameters");
        return name is not null ? (name, schema, false) : (null, default, DeclaresWebSearch(root));
    }

    /// <summary><c>web_search</c>, <c>web_search_preview</c> and their dated versions.</summary>
    private static bool DeclaresWebSearch(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var tool in tools.EnumerateArray())
        {
            if (JsonRead.String(tool, "type") is { } type && type.StartsWith("web_search", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonElement Settings(JsonElement root) =>
        ResponsesWire.Element(root, static (writer, r) =>
        {
            writer.WriteStartObject();
            foreach (var name in EchoedSettings)
            {
                if (r.TryGetProperty(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        });

    private static RequestProblem InvalidType(string name, string expected, JsonElement value) =>
        new($"Invalid type for '{name}': expected {expected}, but got {Describe(value.ValueKind)} instead.", name, "invalid_type");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
