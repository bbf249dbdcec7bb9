using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary>Validates a <c>POST /v1/chat/completions</c> body as OpenAI does and extracts a <see cref="ChatTurn"/>.</summary>
internal static class OpenAIChatRequestReader
{
    private static readonly ChatBodyProblems Problems = new(
        new RequestProblem("Invalid type for request body: expected an object."),
        new RequestProblem("you must provide a model parameter", "model", "missing_required_parameter"),
        new RequestProblem("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"),
        new RequestProblem(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
            "messages",
            "empty_array"));

    public static RequestProblem? TryRead(JsonElement root, out ChatTurn? turn)
    {
        turn = null;
        if (ChatBody.TryReadConversation(root, Problems, out var model, out var messages) is { } problem)
        {
            return problem;
        }

        int? maxTokens = null;
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
        {
            if (!JsonRead.TryCount(root, name, out maxTokens))
            {
                return new RequestProblem($"Invalid '{name}': integer below minimum value. Expected a value >= 1.", name, "integer_below_min_value");
            }

            if (maxTokens is not null)
            {
                break;
            }
        }

        var last = messages[messages.GetArrayLength() - 1];
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
            OutputSchema = JsonRead.OutputSchema(root, "response_format"),
        };
        return null;
    }

    /// <summary>OpenAI's <c>tool_choice</c>: <c>"none"</c>, or <c>{"type": "function", "function": {"name": …}}</c>.</summary>
    private static (string? Name, JsonElement Schema) ChooseTool(JsonElement root)
    {
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

        return ChatBody.PickTool(root, wanted, wrapper: "function", schemaName: "parameters");
    }
}
