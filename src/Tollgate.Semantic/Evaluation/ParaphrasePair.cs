namespace Tollgate.Semantic.Evaluation;

/// <summary>A sentence and a paraphrase of it that deserves the same answer.</summary>
public sealed record ParaphrasePair(string Original, string Paraphrase);
