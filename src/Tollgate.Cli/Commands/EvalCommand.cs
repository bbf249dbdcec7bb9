using System.CommandLine;
using System.Globalization;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Evaluation;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate eval semantic</c>: runs labelled data through the real semantic cache and prints, across thresholds,
/// hits and precision beside the strict reference (docs/semantic-cache.md). The data sets are looked for under
/// <c>../shared/data</c> from the working directory unless named; a missing one is said and left out. The minimal
/// pairs ship with the tool.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate Tollgate's levers on labelled data.");
        command.Subcommands.Add(Semantic());
        command.Subcommands.Add(RoutingEvalCommand.Create());
        return command;
    }

    private static Command Semantic()
    {
        var data = new Option<string>("--data")
        {
            Description = "Directory holding banking77/train.csv and gptcache/mock_data.json.",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data"),
        };
        var banking = new Option<string?>("--banking77") { Description = "banking77's train.csv (default: <data>/banking77/train.csv)." };
        var gptCache = new Option<string?>("--gptcache") { Description = "GPTCache's mock_data.json (default: <data>/gptcache/mock_data.json)." };
        var pairs = new Option<string?>("--minimal-pairs") { Description = "Minimal pairs as 'kind<TAB>first<TAB>second' lines after a header (default: the built-in pairs)." };
        var embedder = new Option<string>("--embedder")
        {
            Description = "Built-in embedder to evaluate: minilm, arcticxs or all.",
            DefaultValueFactory = _ => "minilm",
        };
        embedder.AcceptOnlyFromAmong("minilm", "arcticxs", "all");
        var thresholds = new Option<string?>("--thresholds") { Description = "Comma-separated similarity thresholds (default 0.80 … 0.98); the embedder's default is always added." };
        var limit = new Option<int?>("--limit") { Description = "Run only this many banking77 queries (after shuffling)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the banking77 stream's order; 0 keeps the file's order.", DefaultValueFactory = _ => 77 };
        var examples = new Option<bool>("--examples") { Description = "Print a few wrong hits at the default threshold." };
        var command = new Command("semantic", "Measure the semantic cache against a strict reference on banking77, GPTCache paraphrases and minimal pairs.")
        {
            data, banking, gptCache, pairs, embedder, thresholds, limit, seed, examples,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataDirectory = parse.GetValue(data)!;
            var bankingPath = Existing(parse.GetValue(banking), Path.Combine(dataDirectory, "banking77", "train.csv"), "banking77");
            var gptCachePath = Existing(parse.GetValue(gptCache), Path.Combine(dataDirectory, "gptcache", "mock_data.json"), "gptcache");
            var pairsPath = parse.GetValue(pairs);
            if (pairsPath is not null && !File.Exists(pairsPath))
            {
                await Console.Error.WriteLineAsync($"tollgate: no minimal pairs at {Path.GetFullPath(pairsPath)}.").ConfigureAwait(false);
                return 2;
            }

            IReadOnlyList<float> chosenThresholds;
            try
            {
                chosenThresholds = parse.GetValue(thresholds) is { } list
                    ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => float.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList()
                    : SemanticEvaluationSettings.DefaultThresholds;
            }
            catch (FormatException)
            {
                await Console.Error.WriteLineAsync("tollgate: --thresholds takes numbers separated by commas, e.g. 0.8,0.85,0.9.").ConfigureAwait(false);
                return 2;
            }

            var settings = new SemanticEvaluationSettings
            {
                Banking77Path = bankingPath,
                GptCachePath = gptCachePath,
                MinimalPairsPath = pairsPath,
                Models = parse.GetValue(embedder) switch
                {
                    "arcticxs" => [LocalEmbeddingModel.ArcticXs],
                    "all" => [LocalEmbeddingModel.MiniLM, LocalEmbeddingModel.ArcticXs],
                    _ => [LocalEmbeddingModel.MiniLM],
                },
                Thresholds = chosenThresholds,
                Limit = parse.GetValue(limit),
                Seed = parse.GetValue(seed),
                ShowExamples = parse.GetValue(examples),
            };
            var met = await SemanticEvaluationReport.RunAsync(settings, Console.Out, cancellationToken).ConfigureAwait(false);
            return met ? 0 : 3;
        });
        return command;
    }

    /// <summary>The named file, or the default one when it exists; says on standard error when a set is left out.</summary>
    private static string? Existing(string? named, string fallback, string set)
    {
        var path = named ?? fallback;
        if (File.Exists(path))
        {
            return path;
        }

        Console.Error.WriteLine($"tollgate: {set} not found at {Path.GetFullPath(path)}; it is left out (name it with --{set} or --data).");
        return null;
    }
}
