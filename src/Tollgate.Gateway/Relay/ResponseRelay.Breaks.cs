using System.Buffers;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// The end of a stream that broke after its first byte (the provider cut it, stalled past its deadline, or closed it
/// before its final event): it is never restarted on another model, since the client already holds part of an answer.
/// The row is settled with the usage seen so far, then the stream ends as the provider ends one that fails, with the
/// error event of the client's protocol (<see cref="StreamErrorEvents"/>), so the client's SDK reports an error rather
/// than taking the part it received for the whole answer.
/// </summary>
internal sealed partial class ResponseRelay
{
    private static readonly TimeSpan ErrorEventGrace = TimeSpan.FromMilliseconds(100);

    private async Task EndBrokenStreamAsync(HttpExchange exchange, ExchangeAnswer answer, ResponseFacts facts, ReadOnlyMemory<byte> tail, StreamBreak broken)
    {
        var http = exchange.HttpContext;
        var response = http.Response;
        var providerSaidWhy = facts.ErrorType is not null;
        if (broken.Warning is not null)
        {
            exchange.ErrorType = facts.ErrorType ?? broken.ErrorType;
            exchange.AddWarning(broken.Warning + "; usage may be partial");
        }

        Capture(exchange, facts);
        StartIfNeeded(exchange, response, answer, facts, started: false);
        await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
        var writer = response.BodyWriter;
        if (providerSaidWhy)
        {
            // The provider's own error event went out already: the rest of what it sent, then the cut as it came.
            if (!tail.IsEmpty)
            {
                writer.Write(tail.Span);
                await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            http.Abort();
            return;
        }

        // An incomplete last event is dropped: SSE parsers discard one at the end of a stream, and relayed it would run
        // into the error event.
        var chat = answer.Protocol == WireProtocol.OpenAI && !broken.Responses;
        StreamErrorEvents.Write(writer, answer.Protocol, broken.Responses, broken.ErrorType, MessageFor(broken.ErrorType), broken.NextSequenceNumber);
        await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
        if (chat)
        {
            // A chat completions stream has no final event besides [DONE]: some SDKs (the official .NET one) read the
            // error chunk as an empty chunk, and a clean end would pass for a complete answer. The connection is reset
            // after it, once the chunk has had time to leave: an abort drops output the transport has not sent yet.
            await Task.Delay(ErrorEventGrace, _time, CancellationToken.None).ConfigureAwait(false);
            http.Abort();
        }
    }

    private static string MessageFor(string errorType) => errorType == ErrorTypes.UpstreamTimeout
        ? "The provider did not finish the stream in time, after it had begun. Tollgate does not restart a stream that has begun; send the request again."
        : "The provider's stream broke off before the answer was complete. Tollgate does not restart a stream that has begun; send the request again.";
}
