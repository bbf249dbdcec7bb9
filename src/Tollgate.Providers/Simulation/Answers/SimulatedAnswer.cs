using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Answers;

/// <summary>The answer to one turn, composed before anything is written so that streamed and whole answers agree.</summary>
internal sealed class SimulatedAnswer
{
    private SimulatedAnswer(SimulatedText? text, SimulatedToolCall? toolCall)
    {
        Text = text;
        ToolCall = toolCall;
    }

    public SimulatedText? Text { get; }

    public SimulatedToolCall? ToolCall { get; }

    public int OutputTokens => Text?.OutputTokens ?? ToolCall!.OutputTokens;

    /// <summary>The pieces a stream sends: text tokens, or the tool arguments' JSON in token-sized parts.</summary>
    public IReadOnlyList<string> Pieces => Text?.Pieces ?? ToolCall!.Pieces;

    public static SimulatedAnswer For(ChatTurn turn, string toolCallIdPrefix) =>
        turn.ToolName is { } tool
            ? new SimulatedAnswer(null, ToolArgumentsComposer.Compose(turn.Seed, turn.Model, tool, turn.ToolSchema, toolCallIdPrefix))
            : new SimulatedAnswer(TextComposer.Compose(turn.Seed, turn.Model, turn.MaxTokens), null);
}
