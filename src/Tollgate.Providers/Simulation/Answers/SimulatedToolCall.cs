namespace Tollgate.Providers.Simulation.Answers;

/// <summary>A tool call answer: the call id, the tool, its arguments as JSON text and the pieces to stream them by.</summary>
internal sealed record SimulatedToolCall(string Id, string Name, string ArgumentsJson, IReadOnlyList<string> Pieces, int OutputTokens);
