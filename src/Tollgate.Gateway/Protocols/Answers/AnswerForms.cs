using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Protocols.Answers;

/// <summary>
/// The two forms of an answer the response cache keeps — a whole JSON body, or a stream's events framed as on the wire —
/// and the way from each to the other, per operation: Chat Completions and the Responses API (OpenAI protocol), Messages
/// (Anthropic). A stream request is served from a stored body as the event stream the provider would have sent for it,
/// and a request without <c>stream</c> from a stored stream as the body the provider would have answered, so both share
/// one entry. Here too is the judge of what may be stored at all: complete, successful answers, never errors, refusals,
/// truncated answers or cut streams.
/// It runs when an answer is stored or served from the cache, not on every request, and reads the JSON as a DOM where
/// that is clearer; fields it does not interpret are copied as they are.
/// </summary>
internal static class AnswerForms
{
    /// <summary>
    /// Whether a recorded answer (the provider's bytes exactly as received, with a 2xx status) may be stored, and why not.
    /// A stream must reach its final event (<c>[DONE]</c>, <c>message_stop</c>, <c>response.completed</c>) without an
    /// error event, and what it adds up to is then judged as a whole body is.
    /// </summary>
    public static AnswerInspection Inspect(ExchangeOperation operation, ReadOnlySpan<byte> recorded, bool isEventStream)
    {
        if (operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Responses))
        {
            return AnswerInspection.Refused("not a generation");
        }

        try
        {
            if (!isEventStream)
            {
                return InspectBody(operation, AnswerJson.ParseObject(recorded));
            }

            var assembler = AssemblerFor(operation);
            while (SseEvents.CompleteEventLength(recorded) is var length and >= 0)
            {
                assembler.Add(recorded[..length]);
                recorded = recorded[length..];
            }

            if (assembler.Fault is { } fault)
            {
                return AnswerInspection.Refused(fault);
            }

            return assembler.Finished
                ? InspectBody(operation, AnswerJson.ParseObject(assembler.Build()))
                : AnswerInspection.Refused("stream cut");
        }
        catch (JsonException)
        {
            return AnswerInspection.Refused("not json");
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException)
        {
            // Valid JSON in a shape the protocol does not give (a delta before its block, a string where an object goes).
            return AnswerInspection.Refused("malformed");
        }
    }

    /// <summary>
    /// The events of a recorded stream, each with its framing (<c>event:</c> and <c>data:</c> lines and the blank line),
    /// in order; an incomplete tail is not an event.
    /// </summary>
    public static List<ReadOnlyMemory<byte>> SplitEvents(ReadOnlyMemory<byte> recorded)
    {
        var events = new List<ReadOnlyMemory<byte>>();
        while (SseEvents.CompleteEventLength(recorded.Span) is var length and >= 0)
        {
            events.Add(recorded[..length]);
            recorded = recorded[length..];
        }

        return events;
    }

    /// <summary>The whole body the provider would have answered for the request without <c>stream</c>, from a complete stream (one <see cref="Inspect"/> accepts).</summary>
    /// <exception cref="JsonException">An event's data is not JSON.</exception>
    /// <exception cref="FormatException">The events are not a stream of this operation.</exception>
    public static byte[] ToBody(ExchangeOperation operation, IReadOnlyList<ReadOnlyMemory<byte>> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var assembler = AssemblerFor(operation);
        foreach (var sseEvent in events)
        {
            assembler.Add(sseEvent.Span);
        }

        return assembler.Build();
    }

    /// <summary>
    /// The event stream the provider would have sent for the same answer, framed, ending with <c>data: [DONE]</c> for
    /// chat, <c>message_stop</c> for Anthropic, <c>response.completed</c> for the Responses API. A chat stream is the one
    /// sent with <c>stream_options.include_usage</c>: every chunk ends in <c>"usage":null</c> and a usage chunk without
    /// choices precedes <c>[DONE]</c>, which the relay removes for a client that did not ask for usage.
    /// </summary>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static byte[] ToEventStream(ExchangeOperation operation, ReadOnlySpan<byte> body)
    {
        var whole = AnswerJson.ParseObject(body);
        return operation switch
        {
            ExchangeOperation.ChatCompletions => ChatCompletionForms.ToEventStream(whole, body.Length),
            ExchangeOperation.Messages => MessageForms.ToEventStream(whole, body.Length),
            ExchangeOperation.Responses => ResponseForms.ToEventStream(whole, body.Length),
            _ => throw NotAGeneration(operation),
        };
    }

    private static AnswerInspection InspectBody(ExchangeOperation operation, JsonObject body) => operation switch
    {
        ExchangeOperation.ChatCompletions => ChatCompletionForms.Inspect(body),
        ExchangeOperation.Messages => MessageForms.Inspect(body),
        _ => ResponseForms.Inspect(body),
    };

    private static StreamAssembler AssemblerFor(ExchangeOperation operation) => operation switch
    {
        ExchangeOperation.ChatCompletions => new ChatCompletionAssembler(),
        ExchangeOperation.Messages => new MessageAssembler(),
        ExchangeOperation.Responses => new ResponseAssembler(),
        _ => throw NotAGeneration(operation),
    };

    private static ArgumentOutOfRangeException NotAGeneration(ExchangeOperation operation) =>
        new(nameof(operation), operation, "Only chat completions, messages and responses have a stream form.");
}
