namespace Tollgate.Semantic.Evaluation;

/// <summary>What a cache served over a stream of labelled queries.</summary>
/// <param name="Queries">Queries looked up.</param>
/// <param name="Hits">Queries answered from the cache.</param>
/// <param name="WrongHits">Hits whose stored query had another label.</param>
/// <param name="WrongExamples">A few wrong hits: the query, the stored query that answered it, their similarity.</param>
public sealed record StreamScore(int Queries, int Hits, int WrongHits, IReadOnlyList<(string Query, string Stored, float Similarity)> WrongExamples)
{
    /// <summary>Hits whose stored query had the same label.</summary>
    public int RightHits => Hits - WrongHits;

    /// <summary>Share of hits that were right; 1 with no hits.</summary>
    public double Precision => Hits == 0 ? 1 : (double)RightHits / Hits;
}
