using System.Text.Json;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Responses;

/// <summary>What the simulator needs from a <c>POST /v1/responses</c> body, beyond the turn every chat route answers.</summary>
internal sealed class ResponsesTurn
{
    /// <summary>The turn the chat flow composes an answer for: model, stream, <c>max_output_tokens</c>, input tokens, tool.</summary>
    public required ChatTurn Chat { get; init; }

    /// <summary>The settings the response echoes, cloned.</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>The input, one item each with an id, cloned.</summary>
    public required IReadOnlyList<JsonElement> InputItems { get; init; }

    /// <summary>The items of the response named by <c>previous_response_id</c> and those before it.</summary>
    public required IReadOnlyList<JsonElement> Context { get; init; }

    /// <summary>The prompt's cacheable prefixes.</summary>
    public required IReadOnlyList<PromptCheckpoint> Checkpoints { get; init; }

    public bool Store { get; init; } = true;

    public bool Background { get; init; }

    /// <summary>The answer starts with a call of the provider's own web search tool.</summary>
    public bool WebSearch { get; init; }
}
