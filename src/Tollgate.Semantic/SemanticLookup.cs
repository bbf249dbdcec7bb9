namespace Tollgate.Semantic;

/// <summary>What a lookup found, and the embedded prompt to remember on a miss.</summary>
/// <param name="Prompt">The prompt as embedded.</param>
/// <param name="Match">The best stored prompt that passed the guards; null on a miss.</param>
/// <param name="Rejected">Candidates above the threshold that the guards turned down.</param>
public sealed record SemanticLookup(SemanticPrompt Prompt, SemanticMatch? Match, int Rejected);
