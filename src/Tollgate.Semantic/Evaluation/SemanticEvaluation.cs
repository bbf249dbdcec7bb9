using System.Text;
using Microsoft.Extensions.AI;
using Tollgate.Core.Caching;
using Tollgate.Semantic.Index;
using Tollgate.Semantic.Reference;

namespace Tollgate.Semantic.Evaluation;

/// <summary>
/// Runs labelled data through the real <see cref="SemanticCache"/>, as the cache stage uses it (in order, each query
/// looked up and, on a miss, remembered), and through the strict reference on the same queries in the same order.
/// Each prompt is embedded once and reused for every threshold.
/// </summary>
public sealed class SemanticEvaluation
{
    private const int Batch = 32;
    private const int ExamplesKept = 12;
    private static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly SemanticCache _embedding;

    /// <summary>An evaluation of <paramref name="embedder"/>.</summary>
    public SemanticEvaluation(IEmbeddingGenerator<string, Embedding<float>> embedder, string embedderId, int dimensions)
    {
        _embedder = embedder;
        EmbedderId = embedderId;
        Dimensions = dimensions;
        _embedding = NewCache(0);
    }

    /// <summary>The embedder evaluated.</summary>
    public string EmbedderId { get; }

    /// <summary>Dimensions of its vectors.</summary>
    public int Dimensions { get; }

    /// <summary>Embeds <paramref name="texts"/>, a batch at a time.</summary>
    public async Task<List<SemanticPrompt>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var prompts = new List<SemanticPrompt>(texts.Count);
        for (var start = 0; start < texts.Count; start += Batch)
        {
            var batch = texts.Skip(start).Take(Batch).ToArray();
            prompts.AddRange(await _embedding.EmbedBatchAsync(batch, cancellationToken).ConfigureAwait(false));
        }

        return prompts;
    }

    /// <summary>The semantic cache over a stream: a hit is right when the stored query has the same label.</summary>
    public StreamScore RunStream(IReadOnlyList<SemanticPrompt> prompts, IReadOnlyList<string> labels, float threshold, bool guards = true)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(labels);
        var cache = NewCache(threshold);
        var partition = CacheKey.Of("evaluation"u8);
        var stored = new Dictionary<CacheKey, int>();
        int hits = 0, wrong = 0;
        var examples = new List<(string, string, float)>();
        for (var i = 0; i < prompts.Count; i++)
        {
            var lookup = cache.Find(partition, prompts[i], threshold, guards);
            if (lookup.Match is { } match)
            {
                hits++;
                var source = stored[match.EntryKey];
                if (!string.Equals(labels[source], labels[i], StringComparison.Ordinal))
                {
                    wrong++;
                    if (examples.Count < ExamplesKept)
                    {
                        examples.Add((prompts[i].Text, prompts[source].Text, match.Similarity));
                    }
                }

                continue;
            }

            var key = KeyOf(i);
            stored[key] = i;
            cache.Remember(partition, key, prompts[i], Forever);
        }

        return new StreamScore(prompts.Count, hits, wrong, examples);
    }

    /// <summary>The strict reference over the same stream: a cache keyed by <see cref="StrictReferenceKey"/>.</summary>
    public static StreamScore RunReferenceStream(IReadOnlyList<string> texts, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        var stored = new Dictionary<string, int>(StringComparer.Ordinal);
        int hits = 0, wrong = 0;
        var examples = new List<(string, string, float)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var key = StrictReferenceKey.Of(texts[i]);
            if (stored.TryGetValue(key, out var source))
            {
                hits++;
                if (!string.Equals(labels[source], labels[i], StringComparison.Ordinal))
                {
                    wrong++;
                    if (examples.Count < ExamplesKept)
                    {
                        examples.Add((texts[i], texts[source], 1f));
                    }
                }

                continue;
            }

            stored[key] = i;
        }

        return new StreamScore(texts.Count, hits, wrong, examples);
    }

    /// <summary>
    /// Paraphrase pairs, as GPTCache measures them: every original is stored first (identical originals once), then
    /// each paraphrase is looked up. Answered by its own original (the same text) is a catch; answered by any other is
    /// a false hit.
    /// </summary>
    public ParaphraseScore RunParaphrases(IReadOnlyList<SemanticPrompt> originals, IReadOnlyList<SemanticPrompt> paraphrases, float threshold, bool guards = true)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(paraphrases);
        var cache = NewCache(threshold);
        var partition = CacheKey.Of("evaluation"u8);
        var stored = new Dictionary<CacheKey, string>();
        for (var i = 0; i < originals.Count; i++)
        {
            var key = CacheKey.Of(Encoding.UTF8.GetBytes(originals[i].Text));
            if (stored.TryAdd(key, originals[i].Text))
            {
                cache.Remember(partition, key, originals[i], Forever);
            }
        }

        int caught = 0, wrong = 0, twins = 0;
        var examples = new List<(string, string, float)>();
        for (var i = 0; i < paraphrases.Count; i++)
        {
            if (cache.Find(partition, paraphrases[i], threshold, guards).Match is not { } match)
            {
                continue;
            }

            if (string.Equals(stored[match.EntryKey], originals[i].Text, StringComparison.Ordinal))
            {
                caught++;
                continue;
            }

            wrong++;
            if (DuplicateOriginals.Are(stored[match.EntryKey], originals[i].Text))
            {
                twins++;
            }
            else if (examples.Count < ExamplesKept)
            {
                examples.Add((paraphrases[i].Text, stored[match.EntryKey], match.Similarity));
            }
        }

        return new ParaphraseScore(paraphrases.Count, caught, wrong, twins, examples);
    }

    /// <summary>The strict reference on the same paraphrase pairs, the same way.</summary>
    public static ParaphraseScore RunReferenceParaphrases(IReadOnlyList<ParaphrasePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            stored.TryAdd(StrictReferenceKey.Of(pair.Original), pair.Original);
        }

        int caught = 0, wrong = 0, twins = 0;
        var examples = new List<(string, string, float)>();
        foreach (var pair in pairs)
        {
            if (!stored.TryGetValue(StrictReferenceKey.Of(pair.Paraphrase), out var original))
            {
                continue;
            }

            if (string.Equals(original, pair.Original, StringComparison.Ordinal))
            {
                caught++;
                continue;
            }

            wrong++;
            if (DuplicateOriginals.Are(original, pair.Original))
            {
                twins++;
            }
            else if (examples.Count < ExamplesKept)
            {
                examples.Add((pair.Paraphrase, original, 1f));
            }
        }

        return new ParaphraseScore(pairs.Count, caught, wrong, twins, examples);
    }

    /// <summary>
    /// Minimal pairs, each alone in its own partition: the first is remembered, the second looked up. Any hit serves a
    /// wrong answer. Also counts the pairs whose similarity alone clears the threshold, to show what the guards stop.
    /// </summary>
    public MinimalPairScore RunMinimalPairs(IReadOnlyList<MinimalPair> pairs, IReadOnlyList<SemanticPrompt> firsts, IReadOnlyList<SemanticPrompt> seconds, float threshold)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var cache = NewCache(threshold);
        var served = new List<MinimalPair>();
        var aboveThreshold = 0;
        var byKind = new SortedDictionary<string, (int Pairs, int Served, int Above)>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var partition = CacheKey.Of(Encoding.UTF8.GetBytes("pair " + i));
            cache.Remember(partition, KeyOf(i), firsts[i], Forever);
            var above = cache.Find(partition, seconds[i], threshold, guards: false).Match is not null;
            var hit = cache.Find(partition, seconds[i], threshold, guards: true).Match is not null;
            aboveThreshold += above ? 1 : 0;
            if (hit)
            {
                served.Add(pairs[i]);
            }

            var kind = byKind.GetValueOrDefault(pairs[i].Kind);
            byKind[pairs[i].Kind] = (kind.Pairs + 1, kind.Served + (hit ? 1 : 0), kind.Above + (above ? 1 : 0));
        }

        return new MinimalPairScore(pairs.Count, served, aboveThreshold, byKind);
    }

    private static CacheKey KeyOf(int index) => CacheKey.Of(BitConverter.GetBytes(index));

    private SemanticCache NewCache(float threshold) => new(_embedder, EmbedderId, Math.Clamp(threshold, -1f, 1f), new SemanticIndex(Dimensions));
}
