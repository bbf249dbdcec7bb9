using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// What the stream relay reads from each event, protocol by protocol (the answer's, not the client's): usage, model and
/// error type, the text generated so far, and whether the event is the final one to hold back until the row is committed.
/// </summary>
internal sealed partial class ResponseRelay
{
    private static EventAction InspectOpenAI(ReadOnlySpan<byte> sseEvent, ref ResponseFacts facts, ref StreamOutputText output, bool stripUsageChunk, bool firstEvent)
    {
        var data = SseEvents.Data(sseEvent);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return EventAction.Terminal;
        }

        if (firstEvent || SseEvents.HasUsageObject(data) || data.StartsWith("{\"error\""u8))
        {
            facts.EmptyChoices = false;
            ResponseReader.TryRead(data, WireProtocol.OpenAI, ref facts);
            if (stripUsageChunk && facts.EmptyChoices && SseEvents.HasUsageObject(data))
            {
                return EventAction.Drop;
            }
        }

        if (!facts.UsageFinal)
        {
            output.ReadOpenAIChunk(data);
        }

        // The chunk that ends a choice names why; every other chunk says null.
        facts.StoppedAtOutputLimit = facts.StoppedAtOutputLimit || OutputLimitStops.MentionsChatLengthStop(data);

        return stripUsageChunk && data.IndexOf(NullUsage) >= 0 ? EventAction.ElideNullUsage : EventAction.Forward;
    }

    private static EventAction InspectAnthropic(ReadOnlySpan<byte> sseEvent, ref ResponseFacts facts, ref StreamOutputText output)
    {
        var name = SseEvents.Name(sseEvent);
        if (name.SequenceEqual("content_block_delta"u8))
        {
            if (!facts.UsageFinal)
            {
                output.ReadAnthropicDelta(SseEvents.Data(sseEvent));
            }

            return EventAction.Forward;
        }

        if (name.SequenceEqual("message_stop"u8))
        {
            return EventAction.Terminal;
        }

        if (name.SequenceEqual("message_start"u8) || name.SequenceEqual("message_delta"u8) || name.SequenceEqual("error"u8))
        {
            ResponseReader.TryRead(SseEvents.Data(sseEvent), WireProtocol.Anthropic, ref facts);
        }

        return EventAction.Forward;
    }

    /// <summary>
    /// A Responses API event. The stream ends with exactly one terminal event, <c>response.completed</c>,
    /// <c>response.incomplete</c> or <c>response.failed</c>, carrying the whole response with its usage; there is no
    /// <c>[DONE]</c>. Delta events carry the generated text a cut stream is billed by.
    /// </summary>
    private static EventAction InspectResponses(ReadOnlySpan<byte> sseEvent, ref ResponseFacts facts, ref StreamOutputText output)
    {
        var data = SseEvents.Data(sseEvent);
        var name = SseEvents.Name(sseEvent);
        if (name.IsEmpty)
        {
            name = SseEvents.LeadingType(data);
        }

        if (name.EndsWith(".delta"u8))
        {
            // Audio deltas are base64 sound, not text; every other delta is generated text or arguments.
            if (!facts.UsageFinal && !name.SequenceEqual("response.audio.delta"u8))
            {
                output.ReadResponsesDelta(data);
            }

            return EventAction.Forward;
        }

        if (name.SequenceEqual("response.completed"u8) || name.SequenceEqual("response.incomplete"u8) || name.SequenceEqual("response.failed"u8))
        {
            ResponseReader.TryReadResponses(data, ref facts);
            if (name.SequenceEqual("response.failed"u8))
            {
                facts.ErrorType ??= "response_failed";
            }

            return EventAction.Terminal;
        }

        if (name.SequenceEqual("response.created"u8) || name.SequenceEqual("response.in_progress"u8)
            || name.SequenceEqual("response.queued"u8) || name.SequenceEqual("error"u8))
        {
            ResponseReader.TryReadResponses(data, ref facts);
        }

        return EventAction.Forward;
    }

    /// <summary>What asking for usage adds to every OpenAI chunk; elided for clients that did not ask.</summary>
    private static ReadOnlySpan<byte> NullUsage => ",\"usage\":null"u8;

    private enum EventAction
    {
        Forward,
        ElideNullUsage,
        Drop,
        Terminal,
    }
}
