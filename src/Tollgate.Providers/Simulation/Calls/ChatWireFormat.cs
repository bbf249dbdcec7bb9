using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>
/// One chat protocol on the wire: how a request body is read into a <see cref="ChatTurn"/> and how the answer is
/// written, whole or as a stream of events. <see cref="ChatEndpoint"/> runs the flow every format shares.
/// </summary>
/// <param name="errors">The provider whose request id and error shapes the format answers with.</param>
/// <param name="answerIdPrefix">What an answer's id starts with (<c>chatcmpl-</c>, <c>msg_</c>).</param>
/// <param name="toolCallIdPrefix">What a tool call's id starts with (<c>call_</c>, <c>toolu_</c>).</param>
internal abstract class ChatWireFormat(IProviderErrors errors, string answerIdPrefix, string toolCallIdPrefix)
{
    public IProviderErrors Errors => errors;

    public string AnswerIdPrefix => answerIdPrefix;

    public string ToolCallIdPrefix => toolCallIdPrefix;

    /// <summary>Validates a request body as the provider does; null and a turn, or the problem to answer with 400.</summary>
    public abstract RequestProblem? TryRead(JsonElement body, out ChatTurn? turn);

    /// <summary>Looks the prompt up in the provider's prompt cache and leaves it there for the calls after it.</summary>
    public abstract PromptCacheUsage UsePromptCache(JsonElement body, ChatTurn turn, PromptCaches caches);

    /// <summary>Writes the whole answer as one JSON document.</summary>
    public abstract void WriteWhole(Utf8JsonWriter writer, in ChatReply reply);

    /// <summary>Sends the events before the first piece; the last flush tells whether the client is still there.</summary>
    public abstract ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken);

    /// <summary>Writes the event that carries piece <paramref name="index"/> of the answer; the caller ends and sends it.</summary>
    public abstract void WritePiece(SseStream sse, in ChatReply reply, int index);

    /// <summary>Sends the events after the last piece; the last flush tells whether the client is still there.</summary>
    public abstract ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken);
}
