using System.Buffers;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// The one writer of answers: a provider's live response, a stored answer, a coalesced fan-out. Bodies go out as
/// the answer holds them; on the way it reads only usage, model and error type (in the protocol of the answer,
/// not of the client). The ledger row is made durable before the response's last byte: a whole answer is settled
/// before it is written, a stream's final event (<c>data: [DONE]</c>, <c>message_stop</c>, the Responses API's
/// <c>response.completed</c> / <c>.incomplete</c> / <c>.failed</c>) is held back until the row is committed.
/// </summary>
internal sealed partial class ResponseRelay
{
    private const int InitialBufferSize = 16 * 1024;
    private readonly LedgerSettler _settler;
    private readonly TimeProvider _time;

    public ResponseRelay(LedgerSettler settler, TimeProvider time)
    {
        _settler = settler;
        _time = time;
    }

    /// <summary>Writes <paramref name="answer"/> to the client of <paramref name="exchange"/>, settling before its last byte.</summary>
    /// <param name="exchange">The exchange answered.</param>
    /// <param name="answer">The answer; disposed by the caller.</param>
    /// <param name="cancellationToken">Stops reading the answer (the client left, or its producer's deadline passed).</param>
    public Task WriteAsync(HttpExchange exchange, ExchangeAnswer answer, CancellationToken cancellationToken) =>
        exchange.Request.Stream && answer.Status is >= 200 and < 300 && answer.IsEventStream
            ? WriteStreamAsync(exchange, answer, cancellationToken)
            : WriteWholeAsync(exchange, answer, cancellationToken);

    private async Task WriteWholeAsync(HttpExchange exchange, ExchangeAnswer answer, CancellationToken cancellationToken)
    {
        var http = exchange.HttpContext;
        var length = answer.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < 64 * 1024 * 1024 ? (int)length.Value : InitialBufferSize);
        try
        {
            var count = 0;
            var stream = await answer.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer, count);
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    count += read;
                }
            }

            var status = answer.Status;
            exchange.Status = status;
            var facts = default(ResponseFacts);
            var responses = ResponseReader.ReadWhole(buffer.AsSpan(0, count), answer.Protocol, exchange.Operation, ref facts);

            exchange.ServedModel = facts.Model ?? exchange.EditsIfAny?.Model ?? exchange.Request.Model;
            if (status is >= 200 and < 300)
            {
                if (facts.HasUsage)
                {
                    exchange.Usage = facts.ToUsage();
                }

                exchange.StoppedAtOutputLimit = facts.StoppedAtOutputLimit;

                // Built-in tools billed per call: a Responses answer's output items, an Anthropic answer's server tool use.
                exchange.BuiltInToolCalls = facts.BuiltInToolCalls;
                if (responses)
                {
                    // A response can fail inside a 200 (a background one retrieved, say): its error names the row's.
                    exchange.ErrorType = facts.ErrorType;
                    exchange.ResponseId = facts.ResponseId;
                    exchange.ResponseStatus = facts.ResponseStatus;
                }
            }
            else
            {
                exchange.ErrorType = facts.ErrorType ?? "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);

            var response = http.Response;
            response.StatusCode = status;
            answer.CopyHeadersTo(response.Headers);
            TollgateHeaders.Apply(response, exchange);
            response.ContentLength = count;
            await response.Body.WriteAsync(buffer.AsMemory(0, count), http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
