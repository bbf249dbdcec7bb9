using System.Globalization;
using Tollgate.Semantic.Embedding;

namespace Tollgate.Semantic.Evaluation;

/// <summary>
/// Runs <see cref="SemanticEvaluation"/> over each data set and writes Markdown tables: the semantic cache across
/// thresholds beside the strict reference, then whether each model's default threshold meets the targets (at least
/// twice the reference's hits at no lower precision on banking77; at least its paraphrase catches at no more false
/// hits; no minimal pair served).
/// </summary>
public static class SemanticEvaluationReport
{
    /// <summary>Runs the evaluation; returns false when a target is missed at a model's default threshold.</summary>
    public static async Task<bool> RunAsync(SemanticEvaluationSettings settings, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var banking = settings.Banking77Path is { } bankingPath ? Shuffle(EvaluationData.ReadBanking77(bankingPath), settings.Seed, settings.Limit) : null;
        var paraphrases = settings.GptCachePath is { } gptCachePath ? EvaluationData.ReadGptCache(gptCachePath) : null;
        var pairs = settings.MinimalPairsPath is { } pairsPath
            ? EvaluationData.ReadMinimalPairs(await File.ReadAllTextAsync(pairsPath, cancellationToken).ConfigureAwait(false))
            : EvaluationData.BuiltInMinimalPairs();

        StreamScore? bankingReference = null;
        ParaphraseScore? paraphraseReference = null;
        if (banking is not null)
        {
            bankingReference = SemanticEvaluation.RunReferenceStream(banking.Select(q => q.Text).ToList(), banking.Select(q => q.Label).ToList());
            var order = settings.Seed == 0 ? "in file order" : F($"shuffled with seed {settings.Seed}");
            await output.WriteLineAsync(F($"banking77: {banking.Count} queries, {order}. Strict reference: {bankingReference.Hits} hits, {bankingReference.WrongHits} of them to another intent (the label-noise floor), precision {Percent(bankingReference.Precision)}.")).ConfigureAwait(false);
        }

        if (paraphrases is not null)
        {
            paraphraseReference = SemanticEvaluation.RunReferenceParaphrases(paraphrases);
            await output.WriteLineAsync(F($"gptcache: {paraphrases.Count} paraphrase pairs. Strict reference: {paraphraseReference.Caught} caught, {paraphraseReference.FalseHits} false hits ({paraphraseReference.FalseHitsToDuplicates} of them to a twin original).")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(F($"minimal pairs: {pairs.Count} ({string.Join(", ", pairs.GroupBy(p => p.Kind).Select(g => $"{g.Key} {g.Count()}"))}).")).ConfigureAwait(false);

        var allMet = true;
        foreach (var model in settings.Models)
        {
            using var generator = new LocalEmbeddingGenerator(model);
            var evaluation = new SemanticEvaluation(generator, generator.ModelId, LocalEmbeddingGenerator.Dimensions);
            var thresholds = settings.Thresholds.Append(generator.DefaultThreshold).Distinct().Order().ToList();
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(F($"## {generator.ModelId} (default threshold {generator.DefaultThreshold:0.00})")).ConfigureAwait(false);

            var met = true;
            if (banking is not null)
            {
                var prompts = await evaluation.EmbedAsync(banking.Select(q => q.Text).ToList(), cancellationToken).ConfigureAwait(false);
                var labels = banking.Select(q => q.Label).ToList();
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync("banking77 stream: a hit is right when the stored query has the same intent.").ConfigureAwait(false);
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync("| threshold | hits | wrong | precision | × reference hits | without guards: hits | wrong | precision |").ConfigureAwait(false);
                await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---:|").ConfigureAwait(false);
                StreamScore? atDefault = null;
                foreach (var threshold in thresholds)
                {
                    var guarded = evaluation.RunStream(prompts, labels, threshold);
                    var unguarded = evaluation.RunStream(prompts, labels, threshold, guards: false);
                    await output.WriteLineAsync(F($"| {Mark(threshold, generator.DefaultThreshold)} | {guarded.Hits} | {guarded.WrongHits} | {Percent(guarded.Precision)} | {Ratio(guarded.Hits, bankingReference!.Hits)} | {unguarded.Hits} | {unguarded.WrongHits} | {Percent(unguarded.Precision)} |")).ConfigureAwait(false);
                    if (threshold == generator.DefaultThreshold)
                    {
                        atDefault = guarded;
                    }
                }

                var bankingMet = atDefault!.Hits >= 2 * bankingReference!.Hits && atDefault.Precision >= bankingReference.Precision;
                met &= bankingMet;
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync(F($"At {generator.DefaultThreshold:0.00}: {atDefault.Hits} hits ({Ratio(atDefault.Hits, bankingReference.Hits)} the reference's {bankingReference.Hits}) at {Percent(atDefault.Precision)} precision (reference {Percent(bankingReference.Precision)}): {(bankingMet ? "target met" : "TARGET MISSED")}.")).ConfigureAwait(false);
                await WriteExamplesAsync(output, settings.ShowExamples, "wrong hits", atDefault.WrongExamples).ConfigureAwait(false);
            }

            if (paraphrases is not null)
            {
                var originals = await evaluation.EmbedAsync(paraphrases.Select(p => p.Original).ToList(), cancellationToken).ConfigureAwait(false);
                var similars = await evaluation.EmbedAsync(paraphrases.Select(p => p.Paraphrase).ToList(), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync("gptcache paraphrases: every original stored, then each paraphrase looked up; caught = answered by its own original, false hit = by another.").ConfigureAwait(false);
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync("| threshold | caught | false hits | to a twin original | net false hits | without guards: caught | false hits | net |").ConfigureAwait(false);
                await output.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---:|").ConfigureAwait(false);
                ParaphraseScore? atDefault = null;
                foreach (var threshold in thresholds)
                {
                    var guarded = evaluation.RunParaphrases(originals, similars, threshold);
                    var unguarded = evaluation.RunParaphrases(originals, similars, threshold, guards: false);
                    await output.WriteLineAsync(F($"| {Mark(threshold, generator.DefaultThreshold)} | {guarded.Caught} | {guarded.FalseHits} | {guarded.FalseHitsToDuplicates} | {guarded.FalseHitsNetOfDuplicates} | {unguarded.Caught} | {unguarded.FalseHits} | {unguarded.FalseHitsNetOfDuplicates} |")).ConfigureAwait(false);
                    if (threshold == generator.DefaultThreshold)
                    {
                        atDefault = guarded;
                    }
                }

                // False hits to a twin original serve the same statement: the set's noise, as banking77's label noise is.
                var paraphraseMet = atDefault!.Caught >= paraphraseReference!.Caught && atDefault.FalseHitsNetOfDuplicates <= paraphraseReference.FalseHitsNetOfDuplicates;
                met &= paraphraseMet;
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync(F($"At {generator.DefaultThreshold:0.00}: {atDefault.Caught} caught, {atDefault.FalseHits} false hits of which {atDefault.FalseHitsNetOfDuplicates} not to a twin original (reference {paraphraseReference.Caught} caught, {paraphraseReference.FalseHitsNetOfDuplicates} net false hits): {(paraphraseMet ? "target met" : "TARGET MISSED")}.")).ConfigureAwait(false);
                await WriteExamplesAsync(output, settings.ShowExamples, "false hits not to a twin", atDefault.FalseExamples).ConfigureAwait(false);
            }

            var firsts = await evaluation.EmbedAsync(pairs.Select(p => p.First).ToList(), cancellationToken).ConfigureAwait(false);
            var seconds = await evaluation.EmbedAsync(pairs.Select(p => p.Second).ToList(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("minimal pairs: the first remembered, the second looked up; every pair served is a wrong answer.").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            var kinds = pairs.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
            await output.WriteLineAsync("| threshold | served | above threshold without guards | " + string.Join(" | ", kinds.Select(k => k + " served/above")) + " |").ConfigureAwait(false);
            await output.WriteLineAsync("|---:|---:|---:|" + string.Concat(kinds.Select(_ => "---:|"))).ConfigureAwait(false);
            MinimalPairScore? pairsAtDefault = null;
            foreach (var threshold in thresholds)
            {
                var score = evaluation.RunMinimalPairs(pairs, firsts, seconds, threshold);
                await output.WriteLineAsync(F($"| {Mark(threshold, generator.DefaultThreshold)} | {score.Served.Count} | {score.AboveThreshold} | ") +
                    string.Join(" | ", kinds.Select(k => score.ByKind.TryGetValue(k, out var c) ? F($"{c.Served}/{c.Above}") : "0/0")) + " |").ConfigureAwait(false);
                if (threshold == generator.DefaultThreshold)
                {
                    pairsAtDefault = score;
                }
            }

            var pairsMet = pairsAtDefault!.Served.Count == 0;
            met &= pairsMet;
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(F($"At {generator.DefaultThreshold:0.00}: {pairsAtDefault.Served.Count} of {pairs.Count} minimal pairs served: {(pairsMet ? "target met" : "TARGET MISSED")}.")).ConfigureAwait(false);
            foreach (var served in pairsAtDefault.Served)
            {
                await output.WriteLineAsync(F($"  served ({served.Kind}): \"{served.First}\" → \"{served.Second}\"")).ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(F($"{generator.ModelId} at its default threshold: {(met ? "every target met" : "a target missed")}.")).ConfigureAwait(false);
            allMet &= met;
        }

        return allMet;
    }

    private static List<LabelledQuery> Shuffle(List<LabelledQuery> queries, int seed, int? limit)
    {
        if (seed != 0)
        {
            var random = new Random(seed);
            var array = queries.ToArray();
            random.Shuffle(array);
            queries = [.. array];
        }

        return limit is { } most && most < queries.Count ? queries.GetRange(0, most) : queries;
    }

    private static async Task WriteExamplesAsync(TextWriter output, bool show, string what, IReadOnlyList<(string Query, string Stored, float Similarity)> examples)
    {
        if (!show || examples.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync(F($"Some {what}:")).ConfigureAwait(false);
        foreach (var (query, stored, similarity) in examples)
        {
            await output.WriteLineAsync(F($"  {similarity:0.000}  \"{query}\" ← \"{stored}\"")).ConfigureAwait(false);
        }
    }

    private static string Mark(float threshold, float chosen) => F($"{threshold:0.00}{(threshold == chosen ? " (default)" : "")}");

    private static string Percent(double share) => F($"{share * 100:0.0}%");

    private static string Ratio(int hits, int reference) => reference == 0 ? "—" : F($"{(double)hits / reference:0.0}×");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
