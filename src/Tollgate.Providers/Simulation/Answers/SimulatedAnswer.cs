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

    /// <summary>
    /// A tool call when the turn picks a tool; else, for a request that asks for a JSON schema, a JSON value meeting it
    /// (prose when <paramref name="invalid"/> says so: <see cref="InvalidOutputs"/>); else prose.
    /// </summary>
    public static SimulatedAnswer For(ChatTurn turn, string toolCallIdPrefix, InvalidOutputs invalid)
    {
        if (turn.ToolName is { } tool)
        {
            return new SimulatedAnswer(null, ToolArgumentsComposer.Compose(turn.Seed, turn.Model, tool, turn.ToolSchema, toolCallIdPrefix));
        }

        if (turn.OutputSchema.ValueKind == System.Text.Json.JsonValueKind.Object && !invalid.AnswerInvalid(turn.LastUserText, turn.Seed))
        {
            return new SimulatedAnswer(TextComposer.Whole(turn.Model, ToolArgumentsComposer.ComposeJson(turn.Seed, turn.OutputSchema)), null);
        }

        return new SimulatedAnswer(TextComposer.Compose(turn.Seed, turn.Model, turn.MaxTokens), null);
    }
}
