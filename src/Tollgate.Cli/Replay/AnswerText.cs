using System.Text;
using System.Text.Json;
using Tollgate.Cli.Workloads;

namespace Tollgate.Cli.Replay;

/// <summary>The text of a whole (not streamed) answer, in each protocol's response format.</summary>
internal static class AnswerText
{
    /// <summary>The answer's text, or null when the body holds none (a stream, a tool call, an error).</summary>
    public static string? Read(WorkloadProtocol protocol, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var text = new StringBuilder();
            switch (protocol)
            {
                case WorkloadProtocol.Chat:
                    if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                        && choices[0].TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        text.Append(content.GetString());
                    }

                    break;
                case WorkloadProtocol.Messages:
                    AppendTexts(text, root, "content");
                    break;
                case WorkloadProtocol.Responses:
                    if (root.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in output.EnumerateArray())
                        {
                            AppendTexts(text, item, "content");
                        }
                    }

                    break;
            }

            return text.Length == 0 ? null : text.ToString();
        }
        catch (JsonException)
        {
            return null; // a stream's events, or a body that is not JSON: nothing to compare
        }
    }

    private static void AppendTexts(StringBuilder text, JsonElement owner, string member)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(member, out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in blocks.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
            {
                text.Append(part.GetString());
            }
        }
    }
}
