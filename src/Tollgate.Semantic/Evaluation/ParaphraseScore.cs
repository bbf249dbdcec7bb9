namespace Tollgate.Semantic.Evaluation;

/// <summary>What a cache did with paraphrase pairs.</summary>
/// <param name="Pairs">Pairs run.</param>
/// <param name="Caught">Paraphrases answered by their own original.</param>
/// <param name="FalseHits">Hits by any other stored sentence.</param>
/// <param name="FalseExamples">A few false hits.</param>
public sealed record ParaphraseScore(int Pairs, int Caught, int FalseHits, IReadOnlyList<(string Query, string Stored, float Similarity)> FalseExamples);
