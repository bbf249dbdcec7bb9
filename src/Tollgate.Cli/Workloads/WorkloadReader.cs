using System.Text.Json;

namespace Tollgate.Cli.Workloads;

/// <summary>
/// Reads a workload file (JSON Lines, <c>samples/README.md</c>): every well-formed line, in file order. A malformed
/// line is named by its number on <c>errors</c> and skipped, so one bad line never costs the rest of the run; blank
/// lines are skipped silently.
/// </summary>
internal static class WorkloadReader
{
    /// <summary>The lines of <paramref name="path"/> and how many were malformed.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static (IReadOnlyList<WorkloadLine> Lines, int Malformed) Read(string path, TextWriter errors)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"there is no workload file at {Path.GetFullPath(path)}.", path);
        }

        var lines = new List<WorkloadLine>();
        var malformed = 0;
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (TryParse(number, text, out var line, out var problem))
            {
                lines.Add(line);
            }
            else
            {
                malformed++;
                errors.WriteLine($"tollgate: {path} line {number}: {problem}; the line is skipped.");
            }
        }

        return (lines, malformed);
    }

    /// <summary>Reads one line; on failure, what is wrong with it.</summary>
    public static bool TryParse(int number, string text, out WorkloadLine line, out string problem)
    {
        line = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            problem = "not valid JSON (" + exception.Message.Split(" Path:", 2)[0].TrimEnd('.') + ")";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "a line must be a JSON object";
                return false;
            }

            long at = 0;
            if (root.TryGetProperty("at_ms", out var atValue) && (atValue.ValueKind != JsonValueKind.Number || !atValue.TryGetInt64(out at) || at < 0))
            {
                problem = "at_ms must be a whole number of milliseconds, 0 or more";
                return false;
            }

            var protocolText = root.TryGetProperty("protocol", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : "chat";
            WorkloadProtocol protocol;
            switch (protocolText)
            {
                case "chat": protocol = WorkloadProtocol.Chat; break;
                case "responses": protocol = WorkloadProtocol.Responses; break;
                case "messages": protocol = WorkloadProtocol.Messages; break;
                default:
                    problem = $"protocol must be chat, responses or messages; got '{protocolText}'";
                    return false;
            }

            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                problem = "body must be the provider request body, a JSON object";
                return false;
            }

            if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 })
            {
                problem = "body.model must name a model";
                return false;
            }

            if (!TryText(root, "feature", out var feature, out problem)
                || !TryText(root, "user", out var user, out problem)
                || !TryText(root, "team", out var team, out problem)
                || !TryText(root, "task", out var task, out problem)
                || !TryText(root, "label", out var label, out problem))
            {
                return false;
            }

            line = new WorkloadLine(number, at, protocol, body.GetRawText(), WorkloadPrompt.Read(protocol, body))
            {
                Feature = feature,
                User = user,
                Team = team,
                Task = task,
                Label = label,
            };
            problem = string.Empty;
            return true;
        }
    }

    /// <summary>An optional string member; anything but a string or null is a problem.</summary>
    private static bool TryText(JsonElement root, string name, out string? value, out string problem)
    {
        value = null;
        problem = string.Empty;
        if (!root.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            problem = $"{name} must be a string";
            return false;
        }

        value = member.GetString();
        return true;
    }
}
