using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>A chat reply as its <see cref="ChatWireFormat"/> writes it.</summary>
internal readonly struct ChatAnswer(ChatWireFormat format, ChatReply reply) : IAnswerWriter
{
    public int PieceCount => reply.Answer.Pieces.Count;

    public int OutputTokens => reply.Answer.OutputTokens;

    public void WriteWhole(Utf8JsonWriter writer) => format.WriteWhole(writer, reply);

    public ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, CancellationToken cancellationToken) => format.WriteStreamStartAsync(sse, reply, cancellationToken);

    public void WritePiece(SseStream sse, int index) => format.WritePiece(sse, reply, index);

    public ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, CancellationToken cancellationToken) => format.WriteStreamEndAsync(sse, reply, cancellationToken);
}
