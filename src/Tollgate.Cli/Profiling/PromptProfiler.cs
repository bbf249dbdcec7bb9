using System.Text;
using Tollgate.Cli.Workloads;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Tokens;
using Tollgate.Semantic;

namespace Tollgate.Cli.Profiling;

/// <summary>
/// Profiles a workload's prompts, the "profile first" step: exact duplicates (same model, same whole prompt), near
/// duplicates as the semantic cache judges them (its built-in embedder, default threshold and guards, over the distinct
/// prompts its gate admits, in file order, the same context around the last user message), and shared prefixes
/// (<see cref="PrefixTrie"/>). Money is priced from the pricing catalog: prompt tokens counted with the model's
/// tokenizer, output tokens taken as the request's output limit, else <c>--output-tokens</c>.
/// </summary>
internal sealed class PromptProfiler(PricingCatalog pricing, long defaultOutputTokens, int maxSemantic)
{
    private const int ClustersShown = 10;
    private static readonly string[] SemanticTasks = ["classification", "extraction", "formatting"];

    public async Task<ProfileReport> ProfileAsync(string source, IReadOnlyList<WorkloadLine> lines, CancellationToken cancellationToken)
    {
        var prompts = new Dictionary<string, DistinctPrompt>(StringComparer.Ordinal);
        var trie = new PrefixTrie();
        long inputTokens = 0, sharedTokens = 0, unpriced = 0, promptCacheRequests = 0;
        decimal baseline = 0m, promptCacheSaved = 0m;
        foreach (var line in lines)
        {
            var model = line.Prompt.Model ?? string.Empty;
            var tokens = TokenCounter.Shared.Split(model, line.Prompt.Text);
            var usage = new TokenUsage(tokens.Count, 0, 0, line.Prompt.MaxOutputTokens ?? defaultOutputTokens);
            var price = pricing.Find(model);
            var cost = price?.Cost(usage) ?? 0m;
            unpriced += price is null ? 1 : 0;
            baseline += cost;
            inputTokens += tokens.Count;
            var shared = trie.Add(model, tokens);
            sharedTokens += shared;
            if (price is not null && shared > 0 && shared >= (price.MinCacheableTokens ?? 1024))
            {
                promptCacheRequests++;
                promptCacheSaved += cost - price.Cost(usage with { CachedInputTokens = shared });
            }

            var key = model + "\0" + line.Prompt.Text;
            if (!prompts.TryGetValue(key, out var prompt))
            {
                prompts[key] = prompt = new DistinctPrompt(line, prompts.Count);
            }

            prompt.Requests++;
            prompt.Cost += cost;
            if (prompt.Requests == 1)
            {
                prompt.FirstCost = cost;
            }
        }

        var exactSaved = prompts.Values.Sum(p => p.Cost - p.FirstCost);
        var exactRequests = prompts.Values.Sum(p => p.Requests - 1);
        var (clusters, compared, skipped, embedder, threshold) = await NearDuplicatesAsync(prompts.Values, cancellationToken).ConfigureAwait(false);
        var semanticJoined = clusters.SelectMany(c => c.Skip(1)).ToList();
        var semanticSaved = exactSaved + semanticJoined.Sum(p => p.FirstCost);
        var notes = new List<string>();
        if (compared == 0 && skipped == 0)
        {
            notes.Add("No line's task is classification, extraction or formatting, the task types the semantic cache admits by default; near duplicates were not looked for.");
        }

        if (skipped > 0)
        {
            notes.Add($"{skipped} distinct prompts past --max-semantic {maxSemantic} were not compared for near duplicates.");
        }

        decimal? Share(decimal saved) => baseline > 0 ? Math.Round(saved / baseline, 4) : null;
        return new ProfileReport
        {
            Source = source,
            Requests = lines.Count,
            UniquePrompts = prompts.Count,
            UniquenessRate = lines.Count > 0 ? Math.Round((decimal)prompts.Count / lines.Count, 4) : null,
            ExactDuplicateClusters = [.. prompts.Values.Where(p => p.Requests > 1).OrderByDescending(p => p.Requests).ThenBy(p => p.Order).Take(ClustersShown)
                .Select(p => new PromptCluster(p.Requests, 1, Shorten(p.LastUser), null))],
            NearDuplicateClusters = [.. clusters.Where(c => c.Count > 1).OrderByDescending(c => c.Sum(p => p.Requests)).ThenBy(c => c[0].Order).Take(ClustersShown)
                .Select(c => new PromptCluster(c.Sum(p => p.Requests), c.Count, Shorten(c[0].LastUser), Shorten(c[1].LastUser)))],
            SemanticPromptsCompared = compared,
            SemanticPromptsSkipped = skipped,
            Embedder = embedder,
            SimilarityThreshold = threshold,
            PrefixSharingRatio = inputTokens > 0 ? Math.Round((decimal)sharedTokens / inputTokens, 4) : null,
            InputTokens = inputTokens,
            BaselineCostUsd = unpriced == lines.Count ? null : baseline,
            Savings =
            [
                new ProfileSaving("exact", exactRequests, exactSaved, Share(exactSaved)),
                new ProfileSaving("exact + semantic", exactRequests + semanticJoined.Count, semanticSaved, Share(semanticSaved)),
                new ProfileSaving("prompt-cache", promptCacheRequests, promptCacheSaved, Share(promptCacheSaved)),
            ],
            UnpricedRequests = unpriced,
            Notes = notes,
        };
    }

    /// <summary>Groups the admitted distinct prompts as the semantic cache would answer them: each joins the group of the stored prompt it matches, else starts one.</summary>
    private async Task<(List<List<DistinctPrompt>> Clusters, long Compared, long Skipped, string? Embedder, float? Threshold)> NearDuplicatesAsync(IEnumerable<DistinctPrompt> prompts, CancellationToken cancellationToken)
    {
        var admitted = prompts.Where(p => p.Admitted).OrderBy(p => p.Order).ToList();
        if (admitted.Count == 0)
        {
            return ([], 0, 0, null, null);
        }

        var cache = SemanticCache.CreateLocal();
        var clusters = new List<List<DistinctPrompt>>();
        var clusterOf = new Dictionary<CacheKey, List<DistinctPrompt>>();
        var forever = DateTimeOffset.MaxValue;
        foreach (var prompt in admitted.Take(maxSemantic))
        {
            var partition = CacheKey.Of(Encoding.UTF8.GetBytes(prompt.Model + "\0" + prompt.Context));
            var lookup = await cache.FindAsync(partition, prompt.LastUser, cache.DefaultThreshold, cancellationToken).ConfigureAwait(false);
            if (lookup.Match is { } match && clusterOf.TryGetValue(match.EntryKey, out var cluster))
            {
                cluster.Add(prompt);
                continue;
            }

            var key = CacheKey.Of(Encoding.UTF8.GetBytes(prompt.Order.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            clusterOf[key] = cluster = [prompt];
            clusters.Add(cluster);
            cache.Remember(partition, key, lookup.Prompt, forever);
        }

        return (clusters, Math.Min(admitted.Count, maxSemantic), Math.Max(0, admitted.Count - maxSemantic), cache.EmbedderId, cache.DefaultThreshold);
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 100 ? oneLine : oneLine[..100] + "…";
    }

    /// <summary>One distinct prompt: where it first came, how often, at what cost.</summary>
    private sealed class DistinctPrompt(WorkloadLine line, int order)
    {
        public int Order { get; } = order;

        public string Model { get; } = line.Prompt.Model ?? string.Empty;

        public string LastUser { get; } = line.Prompt.LastUserText;

        /// <summary>Everything of the prompt but its last user message: what must match exactly for a semantic hit.</summary>
        public string Context { get; } = line.Prompt.Text.EndsWith(line.Prompt.LastUserText, StringComparison.Ordinal)
            ? line.Prompt.Text[..^line.Prompt.LastUserText.Length]
            : line.Prompt.Text;

        public bool Admitted { get; } = line.Prompt.LastUserText.Length > 0 && line.Task is { } task && SemanticTasks.Contains(task, StringComparer.OrdinalIgnoreCase);

        public long Requests { get; set; }

        public decimal Cost { get; set; }

        public decimal FirstCost { get; set; }
    }
}
