using Tollgate.Testing.Servers;

namespace Tollgate.Semantic.Tests.Evaluation;

/// <summary><c>tollgate eval semantic</c> end to end, as a process, on small fixture sets and the real MiniLM model.</summary>
public sealed class EvalCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task It_prints_the_semantic_cache_beside_the_strict_reference_for_every_set_and_a_verdict()
    {
        var (exitCode, output, error) = await TollgateProcess.RunSeparatedAsync(
        [
            "eval", "semantic", "--banking77", Fixture("banking-small.csv"), "--gptcache", Fixture("gptcache-small.json"),
            "--minimal-pairs", Fixture("minimal-pairs-small.tsv"), "--thresholds", "0.80,0.95", "--seed", "0",
        ], timeout: TimeSpan.FromMinutes(3));

        Assert.True(exitCode is 0 or 3, $"exit {exitCode}: {error}");
        // The reference: the repeated activation question and the repeated fee question hit; "How can I activate my new
        // card?" keys as "how activate new card" and misses.
        Assert.Contains("banking77: 9 queries, in file order. Strict reference: 2 hits, 0 of them to another intent", output, StringComparison.Ordinal);
        Assert.Contains("gptcache: 3 paraphrase pairs. Strict reference: 0 caught, 0 false hits (0 of them to a twin original).", output, StringComparison.Ordinal);
        Assert.Contains("minimal pairs: 2 (negation 1, opposite 1).", output, StringComparison.Ordinal);
        Assert.Contains("## all-MiniLM-L6-v2@24.9.52193 (default threshold", output, StringComparison.Ordinal);
        Assert.Contains("| 0.80 |", output, StringComparison.Ordinal);
        Assert.Contains("| 0.95 |", output, StringComparison.Ordinal);
        Assert.Contains(" (default) |", output, StringComparison.Ordinal);
        Assert.Contains("of 2 minimal pairs served", output, StringComparison.Ordinal);
        Assert.Contains(exitCode == 0 ? "every target met" : "a target missed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_data_set_is_named_and_left_out_while_the_built_in_minimal_pairs_still_run()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tollgate-no-such-data-" + Guid.NewGuid().ToString("N"));

        var (exitCode, output, error) = await TollgateProcess.RunSeparatedAsync(
            ["eval", "semantic", "--data", missing, "--thresholds", "0.9"], timeout: TimeSpan.FromMinutes(3));

        Assert.Equal(0, exitCode);
        Assert.Contains($"banking77 not found at {Path.Combine(missing, "banking77", "train.csv")}; it is left out", error, StringComparison.Ordinal);
        Assert.Contains($"gptcache not found at {Path.Combine(missing, "gptcache", "mock_data.json")}; it is left out", error, StringComparison.Ordinal);
        Assert.DoesNotContain("banking77:", output, StringComparison.Ordinal);
        Assert.Contains("minimal pairs served: target met.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_that_are_not_numbers_are_refused()
    {
        var (exitCode, _, error) = await TollgateProcess.RunSeparatedAsync(["eval", "semantic", "--data", Path.GetTempPath(), "--thresholds", "high"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--thresholds takes numbers", error, StringComparison.Ordinal);
    }
}
