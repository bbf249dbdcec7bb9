namespace Tollgate.Semantic.Evaluation;

/// <summary>What a cache did with minimal pairs.</summary>
/// <param name="Pairs">Pairs run.</param>
/// <param name="Served">Pairs whose second prompt was answered with the first's answer: each a wrong answer.</param>
/// <param name="AboveThreshold">Pairs whose similarity alone cleared the threshold (what the guards had to stop).</param>
/// <param name="ByKind">Per kind of difference: pairs, served, above the threshold.</param>
public sealed record MinimalPairScore(int Pairs, IReadOnlyList<MinimalPair> Served, int AboveThreshold, IReadOnlyDictionary<string, (int Pairs, int Served, int Above)> ByKind);
