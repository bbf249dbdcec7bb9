using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>A workload file (samples/README.md's format) written into a temporary directory for one test.</summary>
public sealed class WorkloadFile : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public WorkloadFile(params string[] lines)
    {
        Path = System.IO.Path.Combine(_directory.Path, "workload.jsonl");
        File.WriteAllLines(Path, lines);
    }

    public string Path { get; }

    /// <summary>A chat completions line classifying <paramref name="query"/> with <c>temperature: 0</c>, as the support-bot sample's.</summary>
    public static string Classification(long atMs, string query, string? label, string model = "gpt-4o") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["at_ms"] = atMs,
            ["protocol"] = "chat",
            ["feature"] = "triage",
            ["user"] = "customer-1",
            ["task"] = "classification",
            ["label"] = label,
            ["body"] = new Dictionary<string, object?>
            {
                ["model"] = model,
                ["temperature"] = 0,
                ["max_tokens"] = 200,
                ["messages"] = new object[]
                {
                    new Dictionary<string, string> { ["role"] = "system", ["content"] = "Classify the customer's message into one support intent; answer with its name only." },
                    new Dictionary<string, string> { ["role"] = "user", ["content"] = query },
                },
            },
        });

    /// <summary>A chat line sending <paramref name="prompt"/> as its one user message, of feature <c>assistant</c>.</summary>
    public static string Chat(long atMs, string prompt, string model = "gpt-4o", int maxTokens = 200) =>
        JsonSerializer.Serialize(ChatLine(atMs, prompt, model, maxTokens));

    /// <summary>A chat line as <see cref="Chat"/> writes it, without a feature: what it is billed to is its key's.</summary>
    public static string Unattributed(long atMs, string prompt)
    {
        var line = ChatLine(atMs, prompt, "gpt-4o", 200);
        line.Remove("feature");
        return JsonSerializer.Serialize(line);
    }

    /// <summary>A chat line without <c>max_tokens</c>: its output is assumed (<c>profile --output-tokens</c>).</summary>
    public static string Unbounded(long atMs, string prompt)
    {
        var line = ChatLine(atMs, prompt, "gpt-4o", 200);
        ((Dictionary<string, object?>)line["body"]!).Remove("max_tokens");
        return JsonSerializer.Serialize(line);
    }

    private static Dictionary<string, object?> ChatLine(long atMs, string prompt, string model, int maxTokens) => new()
    {
        ["at_ms"] = atMs,
        ["protocol"] = "chat",
        ["feature"] = "assistant",
        ["body"] = new Dictionary<string, object?>
        {
            ["model"] = model,
            ["temperature"] = 0,
            ["max_tokens"] = maxTokens,
            ["messages"] = new object[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = prompt } },
        },
    };

    public void Dispose() => _directory.Dispose();
}
