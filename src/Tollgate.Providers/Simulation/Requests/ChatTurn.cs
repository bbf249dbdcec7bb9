using System.Text.Json;

namespace Tollgate.Providers.Simulation.Requests;

/// <summary>
/// What the simulator needs from a chat completion or message request. Elements point into the request's
/// <see cref="JsonDocument"/>, which must outlive the turn.
/// </summary>
internal sealed class ChatTurn
{
    public required string Model { get; init; }

    public bool Stream { get; init; }

    /// <summary>OpenAI <c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; }

    public int? MaxTokens { get; init; }

    public long InputTokens { get; init; }

    /// <summary>Hash of the model and the conversation; the answer is a function of it.</summary>
    public ulong Seed { get; init; }

    /// <summary>Text of the last message when it is a user message (not a tool result), else null.</summary>
    public string? LastUserText { get; init; }

    /// <summary>The tool to call, or null when the answer is text.</summary>
    public string? ToolName { get; init; }

    /// <summary>The JSON schema of <see cref="ToolName"/>'s input.</summary>
    public JsonElement ToolSchema { get; init; }

    /// <summary>
    /// The JSON schema the answer's text must meet (<c>response_format</c> / <c>text.format</c> / <c>output_format</c>
    /// json_schema); undefined when the request asks for none.
    /// </summary>
    public JsonElement OutputSchema { get; init; }
}
