using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// A shared call's answer in the form its leader did not ask for, for a waiter that did: a stream assembled into the
/// whole body the provider would have answered, or a body turned into the event stream it would have sent
/// (<see cref="AnswerForms"/>). Made once the answer has ended, from the bytes the provider sent.
/// </summary>
internal static class OtherFormAnswer
{
    /// <summary>Whether answers to <paramref name="operation"/> have both forms.</summary>
    public static bool Exists(ExchangeOperation operation) =>
        operation is ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses;

    /// <summary>
    /// The whole body of a stream that reached its final event without an error event; null for any other (a stream
    /// that ended early or failed has no whole body to give).
    /// </summary>
    public static byte[]? ToBody(ExchangeOperation operation, byte[] stream)
    {
        StreamAssembler assembler = operation switch
        {
            ExchangeOperation.ChatCompletions => new ChatCompletionAssembler(),
            ExchangeOperation.Messages => new MessageAssembler(),
            _ => new ResponseAssembler(),
        };
        try
        {
            foreach (var sseEvent in AnswerForms.SplitEvents(stream))
            {
                assembler.Add(sseEvent.Span);
            }

            return assembler.Finished && assembler.Fault is null ? assembler.Build() : null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The event stream of a whole body; null when the body is not the protocol's JSON object.</summary>
    public static byte[]? ToEventStream(ExchangeOperation operation, byte[] body)
    {
        try
        {
            return AnswerForms.ToEventStream(operation, body);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
