using Tollgate.Semantic.Embedding;

namespace Tollgate.Semantic.Evaluation;

/// <summary>What <c>tollgate eval semantic</c> runs.</summary>
public sealed class SemanticEvaluationSettings
{
    /// <summary>The thresholds printed when none are given.</summary>
    public static IReadOnlyList<float> DefaultThresholds { get; } = [0.80f, 0.84f, 0.86f, 0.88f, 0.90f, 0.92f, 0.94f, 0.96f, 0.98f];

    /// <summary>banking77's <c>train.csv</c>; left out when null.</summary>
    public string? Banking77Path { get; init; }

    /// <summary>GPTCache's <c>mock_data.json</c>; left out when null.</summary>
    public string? GptCachePath { get; init; }

    /// <summary>The minimal pairs (a TSV file); the built-in ones when null.</summary>
    public string? MinimalPairsPath { get; init; }

    /// <summary>The embedders to evaluate.</summary>
    public IReadOnlyList<LocalEmbeddingModel> Models { get; init; } = [LocalEmbeddingModel.MiniLM];

    /// <summary>Similarity thresholds to print a row for; each model's default is always added.</summary>
    public IReadOnlyList<float> Thresholds { get; init; } = DefaultThresholds;

    /// <summary>Most banking77 queries to run (after shuffling); all when null.</summary>
    public int? Limit { get; init; }

    /// <summary>Seed of the banking77 stream's order; 0 keeps the file's order (grouped by intent).</summary>
    public int Seed { get; init; } = 77;

    /// <summary>Whether to print a few wrong hits at each model's default threshold.</summary>
    public bool ShowExamples { get; init; }
}
