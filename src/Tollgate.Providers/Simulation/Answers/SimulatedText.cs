namespace Tollgate.Providers.Simulation.Answers;

/// <summary>A text answer: the whole text, the tokenizer's pieces to stream it by, its token count, and whether <c>max_tokens</c> cut it.</summary>
internal sealed record SimulatedText(string Text, IReadOnlyList<string> Pieces, int OutputTokens, bool Truncated);
