using System.Text.Json;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>
/// The hidden <c>tollgate samples</c> command that writes <c>samples/</c>: the same data and seed give the same bytes,
/// and each workload keeps what it is derived for (labels, arrival times, shared prefixes).
/// </summary>
public sealed class SampleGeneratorTests
{
    [Fact]
    public async Task The_same_data_and_seed_give_the_same_workloads_byte_for_byte()
    {
        using var data = SmallData();
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        var one = await TollgateProcess.RunSeparatedAsync(Arguments(data.Path, first.Path));
        var two = await TollgateProcess.RunSeparatedAsync(Arguments(data.Path, second.Path));

        Assert.Equal((0, 0), (one.ExitCode, two.ExitCode));
        foreach (var name in new[] { "support-bot.jsonl", "chat-assistant.jsonl", "long-prefix.jsonl" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, name)), File.ReadAllBytes(Path.Combine(second.Path, name)));
        }
    }

    [Fact]
    public async Task The_workloads_carry_labels_arrival_times_and_the_shared_prefixes_of_their_sources()
    {
        using var data = SmallData();
        using var output = new TemporaryDirectory();

        var (exitCode, _, errors) = await TollgateProcess.RunSeparatedAsync(Arguments(data.Path, output.Path));

        Assert.True(exitCode == 0, errors);
        var support = Lines(output.Path, "support-bot.jsonl");
        Assert.Equal(6, support.Count);
        Assert.All(support, l => Assert.Contains(l.GetProperty("label").GetString(), new[] { "card_arrival", "exchange_charge" }));
        // The trace's arrivals (0, 4315, 7615, 8315, 9815, 12315 ms) three times as fast.
        Assert.Equal([0L, 1438L, 2538L, 2771L, 3271L, 4105L], support.Select(l => l.GetProperty("at_ms").GetInt64()));
        var chat = Lines(output.Path, "chat-assistant.jsonl");
        Assert.Equal([44L, 109L, 30L], chat.Select(l => l.GetProperty("body").GetProperty("max_tokens").GetInt64()).Take(3));
        var prefixes = Lines(output.Path, "long-prefix.jsonl").Select(l => l.GetProperty("body").GetProperty("messages")[0].GetProperty("content").GetString()!).ToList();
        Assert.Equal(3, prefixes.Count); // [0, 4, 5] shares no two-block prefix, so it is left out
        Assert.Equal(prefixes[0][..3000], prefixes[1][..3000]); // both start with blocks 0 and 1
        Assert.NotEqual(prefixes[0][..1500], prefixes[2][..1500]); // a prompt of other blocks
    }

    private static string[] Arguments(string data, string output) =>
        ["samples", "--data", data, "--out", output, "--seed", "7", "--support-bot", "6", "--chat-assistant", "3", "--long-prefix", "3"];

    private static List<JsonElement> Lines(string directory, string name) =>
        [.. File.ReadAllLines(Path.Combine(directory, name)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>A few rows of each source, in their real formats.</summary>
    private static TemporaryDirectory SmallData()
    {
        var data = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(data.Path, "banking77"));
        Directory.CreateDirectory(Path.Combine(data.Path, "azure-llm-2023"));
        Directory.CreateDirectory(Path.Combine(data.Path, "mooncake"));
        File.WriteAllLines(Path.Combine(data.Path, "banking77", "train.csv"),
        [
            "text,category",
            "I am still waiting on my card?,card_arrival",
            "\"My card has not arrived, what now?\",card_arrival",
            "When will my card get here?,card_arrival",
            "How much is the exchange fee?,exchange_charge",
            "Is there a fee for exchanging currency?,exchange_charge",
        ]);
        File.WriteAllLines(Path.Combine(data.Path, "azure-llm-2023", "AzureLLMInferenceTrace_conv.csv"),
        [
            "TIMESTAMP,ContextTokens,GeneratedTokens",
            "2023-11-16 18:15:46.6805900,374,44",
            "2023-11-16 18:15:50.9951690,396,109",
            "2023-11-16 18:15:54.2950000,120,30",
            "2023-11-16 18:15:54.9950000,80,12",
            "2023-11-16 18:15:56.4950000,64,8",
            "2023-11-16 18:15:58.9950000,32,4",
        ]);
        File.WriteAllLines(Path.Combine(data.Path, "mooncake", "conversation_trace.jsonl"),
        [
            "{\"timestamp\": 0, \"input_length\": 1800, \"output_length\": 50, \"hash_ids\": [0, 1, 2, 3]}",
            "{\"timestamp\": 10, \"input_length\": 1200, \"output_length\": 900, \"hash_ids\": [0, 4, 5]}",
            "{\"timestamp\": 20, \"input_length\": 1400, \"output_length\": 70, \"hash_ids\": [0, 1, 8]}",
            "{\"timestamp\": 30, \"input_length\": 700, \"output_length\": 5, \"hash_ids\": [6, 7]}",
            "{\"timestamp\": 40, \"input_length\": 1100, \"output_length\": 5, \"hash_ids\": [6, 7, 9]}",
        ]);
        return data;
    }
}
