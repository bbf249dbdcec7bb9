namespace Tollgate.Semantic.Evaluation;

/// <summary>What a cache did with paraphrase pairs.</summary>
/// <param name="Pairs">Pairs run.</param>
/// <param name="Caught">Paraphrases answered by their own original.</param>
/// <param name="FalseHits">Hits by any other stored sentence.</param>
/// <param name="FalseHitsToDuplicates">False hits answered by a twin of the right original (<see cref="DuplicateOriginals"/>): the set's own noise.</param>
/// <param name="FalseExamples">A few false hits that were not to a twin.</param>
public sealed record ParaphraseScore(int Pairs, int Caught, int FalseHits, int FalseHitsToDuplicates, IReadOnlyList<(string Query, string Stored, float Similarity)> FalseExamples)
{
    /// <summary>False hits answered by a different statement.</summary>
    public int FalseHitsNetOfDuplicates => FalseHits - FalseHitsToDuplicates;
}
