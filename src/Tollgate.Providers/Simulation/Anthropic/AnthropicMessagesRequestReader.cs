using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>Validates a <c>POST /v1/messages</c> (or <c>count_tokens</c>) body as Anthropic does and extracts a <see cref="ChatTurn"/>.</summary>
internal static class AnthropicMessagesRequestReader
{
    private static readonly ChatBodyProblems Problems = new(
        new RequestProblem("Input should be a valid dictionary"),
        new RequestProblem("model: Field required"),
        new RequestProblem("messages: Field required"),
        new RequestProblem("messages: at least one message is required"));

    private static readonly RequestProblem MaxTokensBelowOne = new("max_tokens: Input should be greater than or equal to 1");

    private static readonly RequestProblem MaxTokensMissing = new("max_tokens: Field required");

    public static RequestProblem? TryRead(JsonElement root, bool requireMaxTokens, out ChatTurn? turn)
    {
        turn = null;
        if (ChatBody.TryReadConversation(root, Problems, out var model, out var messages) is { } problem)
        {
            return problem;
        }

        if (!JsonRead.TryCount(root, "max_tokens", out var maxTokens))
        {
            return MaxTokensBelowOne;
        }

        if (maxTokens is null && requireMaxTokens)
        {
            return MaxTokensMissing;
        }

        if (AnthropicCacheBreakpoints.Check(root) is { } cacheProblem)
        {
            return cacheProblem;
        }

        var last = messages[messages.GetArrayLength() - 1];
        string? lastUserText = null;
        var answerWithTool = false;
        if (last.ValueKind == JsonValueKind.Object && JsonRead.String(last, "role") == "user" && last.TryGetProperty("content", out var content))
        {
            if (!HasToolResult(content))
            {
                lastUserText = JsonRead.ContentText(content);
                answerWithTool = true;
            }
        }

        var seed = PromptHash.Add(PromptHash.Basis, model.AsSpan());
        seed = JsonRead.Hash(seed, root.TryGetProperty("system", out var system) ? system : default);
        seed = JsonRead.Hash(seed, messages);

        var (toolName, schema) = answerWithTool ? ChooseTool(root) : (null, default);
        turn = new ChatTurn
        {
            Model = model,
            Stream = JsonRead.True(root, "stream"),
            MaxTokens = maxTokens,
            InputTokens = TokenCounter.Shared.EstimateRequestInput(WireProtocol.Anthropic, model, root),
            Seed = seed,
            LastUserText = lastUserText,
            ToolName = toolName,
            ToolSchema = schema,
            OutputSchema = JsonRead.OutputSchema(root, "output_config", "format") is { ValueKind: JsonValueKind.Object } configured
                ? configured
                : JsonRead.OutputSchema(root, "output_format"),
        };
        return null;
    }

    private static bool HasToolResult(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && JsonRead.String(block, "type") == "tool_result")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Anthropic's <c>tool_choice</c>: <c>{"type": "none"}</c>, or <c>{"type": "tool", "name": …}</c>.</summary>
    private static (string? Name, JsonElement Schema) ChooseTool(JsonElement root)
    {
        string? wanted = null;
        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            var type = JsonRead.String(choice, "type");
            if (type == "none")
            {
                return (null, default);
            }

            if (type == "tool")
            {
                wanted = JsonRead.String(choice, "name");
            }
        }

        return ChatBody.PickTool(root, wanted, wrapper: null, schemaName: "input_schema");
    }
}
