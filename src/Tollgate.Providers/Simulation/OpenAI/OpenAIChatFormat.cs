using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.OpenAI;

/// <summary>
/// OpenAI chat completions on the wire: a <c>chat.completion</c> whole, or <c>chat.completion.chunk</c> events
/// (a role chunk, a chunk a piece, a finish chunk, with <c>include_usage</c> a usage chunk) ended by <c>[DONE]</c>.
/// </summary>
internal sealed class OpenAIChatFormat() : ChatWireFormat(OpenAIErrors.Instance, "chatcmpl-", "call_")
{
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public override RequestProblem? TryRead(JsonElement body, out ChatTurn? turn) => OpenAIChatRequestReader.TryRead(body, out turn);

    public override PromptCacheUsage UsePromptCache(JsonElement body, ChatTurn turn, PromptCaches caches) =>
        caches.OpenAI is { } cache ? new PromptCacheUsage(cache.UseChat(body, turn.Model, turn.InputTokens)) : default;

    public override void WriteWhole(Utf8JsonWriter writer, in ChatReply reply) =>
        OpenAIChatWire.WriteCompletion(writer, reply.Id, reply.Created, reply.Turn.Model, reply.Answer, reply.Turn.InputTokens, reply.Cache.ReadTokens);

    public override ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken)
    {
        var call = reply.Answer.ToolCall;
        var writer = sse.Begin();
        OpenAIChatWire.BeginChunk(writer, reply.Id, reply.Created, reply.Turn.Model);
        OpenAIChatWire.BeginChoiceDelta(writer);
        writer.WriteString("role"u8, "assistant"u8);
        if (call is null)
        {
            writer.WriteString("content"u8, string.Empty);
        }
        else
        {
            writer.WriteNull("content"u8);
            OpenAIChatWire.WriteToolCalls(writer, call, streamed: true);
        }

        writer.WriteNull("refusal"u8);
        OpenAIChatWire.EndChoiceDelta(writer, default);
        OpenAIChatWire.EndChunk(writer, reply.Turn.IncludeUsage);
        return sse.EndAsync(cancellationToken);
    }

    public override void WritePiece(SseStream sse, in ChatReply reply, int index)
    {
        var piece = reply.Answer.Pieces[index];
        var writer = sse.Begin();
        OpenAIChatWire.BeginChunk(writer, reply.Id, reply.Created, reply.Turn.Model);
        OpenAIChatWire.BeginChoiceDelta(writer);
        if (reply.Answer.ToolCall is null)
        {
            writer.WriteString("content"u8, piece);
        }
        else
        {
            writer.WriteStartArray("tool_calls"u8);
            writer.WriteStartObject();
            writer.WriteNumber("index"u8, 0);
            writer.WriteStartObject("function"u8);
            writer.WriteString("arguments"u8, piece);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        OpenAIChatWire.EndChoiceDelta(writer, default);
        OpenAIChatWire.EndChunk(writer, reply.Turn.IncludeUsage);
    }

    public override async ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, ChatReply reply, CancellationToken cancellationToken)
    {
        var turn = reply.Turn;
        var writer = sse.Begin();
        OpenAIChatWire.BeginChunk(writer, reply.Id, reply.Created, turn.Model);
        OpenAIChatWire.BeginChoiceDelta(writer);
        OpenAIChatWire.EndChoiceDelta(writer, OpenAIChatWire.FinishReason(reply.Answer));
        OpenAIChatWire.EndChunk(writer, turn.IncludeUsage);
        await sse.EndAsync(cancellationToken);

        if (turn.IncludeUsage)
        {
            writer = sse.Begin();
            OpenAIChatWire.BeginChunk(writer, reply.Id, reply.Created, turn.Model);
            writer.WriteEndArray();
            OpenAIChatWire.WriteUsage(writer, turn.InputTokens, reply.Cache.ReadTokens, reply.Answer.OutputTokens);
            writer.WriteEndObject();
            await sse.EndAsync(cancellationToken);
        }

        return await sse.WriteRawAsync(Done, cancellationToken);
    }
}
