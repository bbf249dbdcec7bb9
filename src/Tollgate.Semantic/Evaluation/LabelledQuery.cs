namespace Tollgate.Semantic.Evaluation;

/// <summary>A query and the label of the answer it deserves (banking77: its intent).</summary>
public sealed record LabelledQuery(string Text, string Label);
