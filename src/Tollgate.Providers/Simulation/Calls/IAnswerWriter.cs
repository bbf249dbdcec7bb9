using System.IO.Pipelines;
using System.Text.Json;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>
/// One composed answer as its protocol writes it: whole, or as the events before, for each and after its pieces.
/// <see cref="AnswerDelivery"/> paces, sends and (when a fault asks) cuts it, the same for every protocol.
/// </summary>
internal interface IAnswerWriter
{
    /// <summary>How many pieces a stream of the answer sends.</summary>
    int PieceCount { get; }

    /// <summary>The answer's output tokens, which set the pace of a whole answer.</summary>
    int OutputTokens { get; }

    /// <summary>Writes the whole answer as one JSON document.</summary>
    void WriteWhole(Utf8JsonWriter writer);

    /// <summary>Sends the events before the first piece; the last flush tells whether the client is still there.</summary>
    ValueTask<FlushResult> WriteStreamStartAsync(SseStream sse, CancellationToken cancellationToken);

    /// <summary>Writes the event that carries piece <paramref name="index"/>; the caller ends and sends it.</summary>
    void WritePiece(SseStream sse, int index);

    /// <summary>Sends the events after the last piece; the last flush tells whether the client is still there.</summary>
    ValueTask<FlushResult> WriteStreamEndAsync(SseStream sse, CancellationToken cancellationToken);
}
