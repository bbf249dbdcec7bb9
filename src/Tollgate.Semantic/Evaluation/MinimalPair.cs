namespace Tollgate.Semantic.Evaluation;

/// <summary>Two prompts that differ in one meaning-critical element (<see cref="Kind"/>), so neither's answer may serve the other.</summary>
public sealed record MinimalPair(string Kind, string First, string Second);
