namespace Tollgate.Cli.Profiling;

/// <summary>The result of <c>tollgate profile FILE.jsonl</c>: how repetitive the prompts are, and what each lever would save on them.</summary>
internal sealed record ProfileReport
{
    public required string Source { get; init; }

    public required long Requests { get; init; }

    /// <summary>Distinct prompts (model and whole prompt text).</summary>
    public long UniquePrompts { get; init; }

    /// <summary>Distinct prompts ÷ requests.</summary>
    public decimal? UniquenessRate { get; init; }

    /// <summary>The largest groups of identical prompts, largest first.</summary>
    public IReadOnlyList<PromptCluster> ExactDuplicateClusters { get; init; } = [];

    /// <summary>The largest groups of distinct prompts the semantic cache would treat as one, largest first.</summary>
    public IReadOnlyList<PromptCluster> NearDuplicateClusters { get; init; } = [];

    /// <summary>Distinct prompts the semantic cache's gate admits (classification, extraction, formatting tasks) and that were embedded.</summary>
    public long SemanticPromptsCompared { get; init; }

    /// <summary>Distinct admitted prompts left out because of <c>--max-semantic</c>.</summary>
    public long SemanticPromptsSkipped { get; init; }

    /// <summary>The embedder and the similarity threshold the near-duplicates were judged with.</summary>
    public string? Embedder { get; init; }

    public float? SimilarityThreshold { get; init; }

    /// <summary>Leading prompt tokens an earlier prompt to the same model already sent, ÷ all prompt tokens.</summary>
    public decimal? PrefixSharingRatio { get; init; }

    public long InputTokens { get; init; }

    /// <summary>What the workload costs with no lever, at its models' prices.</summary>
    public decimal? BaselineCostUsd { get; init; }

    /// <summary>What each lever would save on its own (the semantic cache behind the exact cache, as it runs).</summary>
    public IReadOnlyList<ProfileSaving> Savings { get; init; } = [];

    /// <summary>Requests whose model the pricing catalog does not price, left out of the money.</summary>
    public long UnpricedRequests { get; init; }

    /// <summary>What this profile could not measure, and why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A group of prompts answered alike.</summary>
/// <param name="Requests">Requests in the group.</param>
/// <param name="DistinctPrompts">Distinct prompts in it (1 for an exact cluster).</param>
/// <param name="Prompt">The first prompt's last user message, shortened.</param>
/// <param name="Example">Another prompt of the group, shortened; null for an exact cluster.</param>
internal sealed record PromptCluster(long Requests, long DistinctPrompts, string Prompt, string? Example);

/// <summary>What one lever would save.</summary>
/// <param name="Lever">The lever.</param>
/// <param name="Requests">Requests it would serve (answer from cache, or bill a cached prefix).</param>
/// <param name="SavedUsd">Its saving in USD.</param>
/// <param name="SavedShare">Saving ÷ baseline.</param>
internal sealed record ProfileSaving(string Lever, long Requests, decimal SavedUsd, decimal? SavedShare);
