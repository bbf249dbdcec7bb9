using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary>Validates a <c>POST /v1/chat/completions</c> body as OpenAI does and extracts a <see cref="ChatTurn"/>.</summary>
internal static class OpenAIChatRequestReader
{
    public static RequestProblem? TryRead(JsonElement root, out ChatTurn? turn)
    {
        turn = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem("Invalid type for request body: expected an object.");
        }

        var model = JsonRead.String(root, "model");
        if (string.IsNullOrEmpty(model))
        {
            return new RequestProblem("you must provide a model parameter", "model", "missing_required_parameter");
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return new RequestProblem("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }

        var count = messages.GetArrayLength();
        if (count == 0)
        {
            return new RequestProblem(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                "messages",
                "empty_array");
        }

        int? maxTokens = null;
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
        {
            if (root.TryGetProperty(name, out var limit) && limit.ValueKind != JsonValueKind.Null)
            {
                if (!limit.TryGetInt32(out var value) || value < 1)
                {
                    return new RequestProblem($"Invalid '{name}': integer below minimum value. Expected a value >= 1.", name, "integer_below_min_value");
                }

                maxTokens = value;
                break;
            }
        }

        var last = messages[count - 1];
        var role = last.ValueKind == JsonValueKind.Object ? JsonRead.String(last, "role") : null;
        string? lastUserText = null;
        if (role == "user" && last.TryGetProperty("content", out var content))
        {
            lastUserText = JsonRead.ContentText(content);
        }

        var stream = JsonRead.True(root, "stream");
        var includeUsage = stream && root.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object && JsonRead.True(streamOptions, "include_usage");

        var seed = PromptHash.Add(PromptHash.Basis, model.AsSpan());
        seed = JsonRead.Hash(seed, messages);

        var (toolName, schema) = role == "user" ? ChooseTool(root) : (null, default);
        turn = new ChatTurn
        {
            Model = model,
            Stream = stream,
            IncludeUsage = includeUsage,
            MaxTokens = maxTokens,
            InputTokens = TokenCounter.Shared.EstimateRequestInput(WireProtocol.OpenAI, model, root),
            Seed = seed,
            LastUserText = lastUserText,
            ToolName = toolName,
            ToolSchema = schema,
        };
        return null;
    }

    private static (string? Name, JsonElement Schema) ChooseTool(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return (null, default);
        }

        string? wanted = null;
        if (root.TryGetProperty("tool_choice", out var choice))
        {
            if (choice.ValueKind == JsonValueKind.String && choice.GetString() == "none")
            {
                return (null, default);
            }

            if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var named) && named.ValueKind == JsonValueKind.Object)
            {
                wanted = JsonRead.String(named, "name");
            }
        }

        (string? Name, JsonElement Schema) first = (null, default);
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var name = JsonRead.String(function, "name");
            if (name is null)
            {
                continue;
            }

            var schema = function.TryGetProperty("parameters", out var parameters) ? parameters : default;
            if (wanted is null || wanted == name)
            {
                return (name, schema);
            }

            first = first.Name is null ? (name, schema) : first;
        }

        return first;
    }
}
