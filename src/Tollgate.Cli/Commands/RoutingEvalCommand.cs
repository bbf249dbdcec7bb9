using System.CommandLine;
using System.Text.Json;
using Tollgate.Core.Routing;
using Tollgate.Semantic.Evaluation;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate eval routing</c>: runs labelled real prompts through the complexity classifier and prints, per data set
/// and over all of them, a confusion matrix of the tier needed against the tier chosen, the accuracy and the
/// under-tiering rate (docs/routing.md). banking77 queries need the small tier (classification), GSM8K word problems
/// and HumanEval tasks the frontier tier (multi-step reasoning, code). The data sets are looked for under
/// <c>../shared/data</c> from the working directory unless named; a missing one is said and left out.
/// </summary>
internal static class RoutingEvalCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Directory holding banking77/train.csv, gsm8k/test.jsonl and humaneval/HumanEval.jsonl.",
            DefaultValueFactory = _ => Path.Combine("..", "shared", "data"),
        };
        var command = new Command("routing", "Measure the routing complexity classifier on labelled prompts (banking77 → small, GSM8K and HumanEval → frontier).") { data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(data)!;
            var sets = new List<(string Name, ModelTier Tier, IReadOnlyList<string> Prompts)>();
            if (Existing(Path.Combine(directory, "banking77", "train.csv"), "banking77") is { } banking)
            {
                sets.Add(("banking77 (classification)", ModelTier.Small, EvaluationData.ReadBanking77(banking).Select(query => query.Text).ToList()));
            }

            if (Existing(Path.Combine(directory, "gsm8k", "test.jsonl"), "gsm8k") is { } gsm8k)
            {
                sets.Add(("gsm8k (multi-step reasoning)", ModelTier.Frontier, await ReadJsonLinesAsync(gsm8k, "question", cancellationToken).ConfigureAwait(false)));
            }

            if (Existing(Path.Combine(directory, "humaneval", "HumanEval.jsonl"), "humaneval") is { } humanEval)
            {
                sets.Add(("humaneval (code)", ModelTier.Frontier, await ReadJsonLinesAsync(humanEval, "prompt", cancellationToken).ConfigureAwait(false)));
            }

            if (sets.Count == 0)
            {
                await Console.Error.WriteLineAsync($"tollgate: no labelled data under {Path.GetFullPath(directory)}; name the directory with --data.").ConfigureAwait(false);
                return 2;
            }

            var all = new TierConfusion();
            foreach (var (name, tier, prompts) in sets)
            {
                var confusion = new TierConfusion();
                foreach (var prompt in prompts)
                {
                    all.Add(tier, confusion.Add(prompt, tier));
                }

                await Console.Out.WriteLineAsync($"## {name}: {prompts.Count} prompts, needing {ModelCatalog.TierName(tier)}\n\n{confusion.ToMarkdown()}\n").ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync($"## all data sets\n\n{all.ToMarkdown()}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<string>> ReadJsonLinesAsync(string path, string property, CancellationToken cancellationToken)
    {
        var prompts = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length > 0)
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty(property, out var value) && value.GetString() is { Length: > 0 } text)
                {
                    prompts.Add(text);
                }
            }
        }

        return prompts;
    }

    private static string? Existing(string path, string set)
    {
        if (File.Exists(path))
        {
            return path;
        }

        Console.Error.WriteLine($"tollgate: {set} not found at {Path.GetFullPath(path)}; it is left out (name the directory with --data).");
        return null;
    }
}
