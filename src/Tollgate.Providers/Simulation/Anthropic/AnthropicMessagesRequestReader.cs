using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Anthropic;

/// <summary>Validates a <c>POST /v1/messages</c> (or <c>count_tokens</c>) body as Anthropic does and extracts a <see cref="ChatTurn"/>.</summary>
internal static class AnthropicMessagesRequestReader
{
    public static RequestProblem? TryRead(JsonElement root, bool requireMaxTokens, out ChatTurn? turn)
    {
        turn = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem("Input should be a valid dictionary");
        }

        var model = JsonRead.String(root, "model");
        if (string.IsNullOrEmpty(model))
        {
            return new RequestProblem("model: Field required");
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return new RequestProblem("messages: Field required");
        }

        var count = messages.GetArrayLength();
        if (count == 0)
        {
            return new RequestProblem("messages: at least one message is required");
        }

        int? maxTokens = null;
        if (root.TryGetProperty("max_tokens", out var limit) && limit.ValueKind != JsonValueKind.Null)
        {
            if (!limit.TryGetInt32(out var value) || value < 1)
            {
                return new RequestProblem("max_tokens: Input should be greater than or equal to 1");
            }

            maxTokens = value;
        }
        else if (requireMaxTokens)
        {
            return new RequestProblem("max_tokens: Field required");
        }

        var last = messages[count - 1];
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

    private static (string? Name, JsonElement Schema) ChooseTool(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return (null, default);
        }

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

        (string? Name, JsonElement Schema) first = (null, default);
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || JsonRead.String(tool, "name") is not { } name)
            {
                continue;
            }

            var schema = tool.TryGetProperty("input_schema", out var input) ? input : default;
            if (wanted is null || wanted == name)
            {
                return (name, schema);
            }

            first = first.Name is null ? (name, schema) : first;
        }

        return first;
    }
}
