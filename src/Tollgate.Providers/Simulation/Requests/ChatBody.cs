using System.Text.Json;

namespace Tollgate.Providers.Simulation.Requests;

/// <summary>What every chat body with a <c>messages</c> array is checked for first, and the tool its answer calls.</summary>
internal static class ChatBody
{
    /// <summary>Checks that the body is an object with a <c>model</c> and a non-empty <c>messages</c> array, in that order.</summary>
    public static RequestProblem? TryReadConversation(JsonElement root, ChatBodyProblems problems, out string model, out JsonElement messages)
    {
        model = string.Empty;
        messages = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return problems.NotAnObject;
        }

        if (JsonRead.String(root, "model") is not { Length: > 0 } named)
        {
            return problems.NoModel;
        }

        if (!root.TryGetProperty("messages", out messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return problems.NoMessages;
        }

        if (messages.GetArrayLength() == 0)
        {
            return problems.EmptyMessages;
        }

        model = named;
        return null;
    }

    /// <summary>
    /// The declared tool the answer calls: the one named <paramref name="wanted"/>, else the first with a name. A tool
    /// declares its name and schema (<paramref name="schemaName"/>) directly, or inside a <paramref name="wrapper"/> object.
    /// </summary>
    public static (string? Name, JsonElement Schema) PickTool(JsonElement root, string? wanted, string? wrapper, string schemaName)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return (null, default);
        }

        (string? Name, JsonElement Schema) first = (null, default);
        foreach (var tool in tools.EnumerateArray())
        {
            var declaration = tool;
            if (wrapper is not null && (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty(wrapper, out declaration)))
            {
                continue;
            }

            if (declaration.ValueKind != JsonValueKind.Object || JsonRead.String(declaration, "name") is not { } name)
            {
                continue;
            }

            var schema = declaration.TryGetProperty(schemaName, out var found) ? found : default;
            if (wanted is null || wanted == name)
            {
                return (name, schema);
            }

            first = first.Name is null ? (name, schema) : first;
        }

        return first;
    }
}
