using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Relay;

/// <summary>
/// The stream half of the relay: event by event, final event held back until the row is committed and preceded by the
/// cost as an SSE comment (<c>: x-tollgate-cost-usd=…</c>), which every SSE parser skips, and, for a request checked
/// against a JSON Schema, the verdict as another (<c>: x-tollgate-valid=…</c>). Until the provider's final
/// usage arrives the generated text is kept, so a stream that never gets it still bills the output it produced.
/// </summary>
internal sealed partial class ResponseRelay
{
    private async Task WriteStreamAsync(HttpExchange exchange, ExchangeAnswer answer, CancellationToken cancellationToken)
    {
        var http = exchange.HttpContext;
        var response = http.Response;
        var writer = response.BodyWriter;
        var anthropic = answer.Protocol == WireProtocol.Anthropic;
        var responses = !anthropic && ResponseReader.IsResponsesAnswer(exchange.Operation);
        var stripUsageChunk = exchange.StreamUsageAddedByGateway;
        var facts = default(ResponseFacts);
        var output = default(StreamOutputText);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var count = 0;
        var started = false;
        var terminalSeen = false;
        var firstEvent = true;
        var sequence = 0L; // a Responses stream's next sequence_number
        exchange.Status = answer.Status;
        try
        {
            var stream = await answer.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer, count);
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is IOException or HttpRequestException && !http.RequestAborted.IsCancellationRequested)
                    {
                        if (!started)
                        {
                            throw; // nothing went out yet: the call answers with an error status of its own
                        }

                        // The provider cut the stream after it began: the client's stream ends with an error event.
                        CountOutputIfUnreported(exchange, facts, output);
                        await EndBrokenStreamAsync(exchange, answer, facts, buffer.AsMemory(0, count), new StreamBreak(ErrorTypes.UpstreamStreamCut, "provider cut the stream", responses, sequence)).ConfigureAwait(false);
                        return;
                    }
                    catch (OperationCanceledException) when (started && !http.RequestAborted.IsCancellationRequested)
                    {
                        // The answer stalled past its deadline after the stream began: too late for a 504, so an error event ends it.
                        CountOutputIfUnreported(exchange, facts, output);
                        await EndBrokenStreamAsync(exchange, answer, facts, buffer.AsMemory(0, count), new StreamBreak(ErrorTypes.UpstreamTimeout, "provider did not finish the stream in time", responses, sequence)).ConfigureAwait(false);
                        return;
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    count += read;
                    var position = 0;
                    var forwardFrom = 0;
                    while (true)
                    {
                        var length = SseEvents.CompleteEventLength(buffer.AsSpan(position, count - position));
                        if (length < 0)
                        {
                            break;
                        }

                        var sseEvent = buffer.AsSpan(position, length);
                        var action = anthropic ? InspectAnthropic(sseEvent, ref facts, ref output)
                            : responses ? InspectResponses(sseEvent, ref facts, ref output)
                            : InspectOpenAI(sseEvent, ref facts, ref output, stripUsageChunk, firstEvent);
                        firstEvent = false;
                        if (responses)
                        {
                            sequence = SseEvents.NextSequenceNumber(sseEvent, sequence);
                        }

                        if (action == EventAction.ElideNullUsage)
                        {
                            // The client did not ask for usage: it gets chunks without the field, as from the provider.
                            var cut = position + sseEvent.IndexOf(NullUsage);
                            if (cut > forwardFrom)
                            {
                                started = Relay(exchange, response, answer, facts, started, buffer.AsSpan(forwardFrom, cut - forwardFrom));
                            }

                            forwardFrom = cut + NullUsage.Length;
                        }
                        else if (action == EventAction.Drop || action == EventAction.Terminal)
                        {
                            if (position > forwardFrom)
                            {
                                started = Relay(exchange, response, answer, facts, started, buffer.AsSpan(forwardFrom, position - forwardFrom));
                            }

                            forwardFrom = action == EventAction.Drop ? position + length : position;
                            if (action == EventAction.Terminal && !terminalSeen)
                            {
                                terminalSeen = true;
                                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                                Capture(exchange, facts);
                                CountOutputIfUnreported(exchange, facts, output);
                                await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
                                if (response.SupportsTrailers())
                                {
                                    response.AppendTrailer(TollgateHeaders.CostUsd, TollgateHeaders.FormatCost(exchange.CostUsd));
                                    if (exchange.OutputValid is { } valid)
                                    {
                                        response.AppendTrailer(TollgateHeaders.Valid, TollgateHeaders.FormatValid(valid));
                                    }
                                }

                                // The row is committed: the cost (and the typed output check's verdict) go out just ahead of the final event.
                                started = StartIfNeeded(exchange, response, answer, facts, started);
                                WriteCostComment(writer, exchange.CostUsd);
                                WriteValidComment(writer, exchange.OutputValid);
                            }
                        }

                        position += length;
                    }

                    if (position > forwardFrom)
                    {
                        started = Relay(exchange, response, answer, facts, started, buffer.AsSpan(forwardFrom, position - forwardFrom));
                        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Keep the incomplete tail for the next read.
                    count -= position;
                    if (count > 0)
                    {
                        buffer.AsSpan(position, count).CopyTo(buffer);
                    }
                }
            }

            if (!terminalSeen)
            {
                // The provider ended the stream without its final event; record it. After an error event of its own
                // (OpenAI's {"error":…} chunk, Anthropic's event: error) that error says why, and the rest is relayed;
                // without one, the client's stream ends with an error event instead of an end that reads as complete.
                exchange.ErrorType = facts.ErrorType ?? ErrorTypes.UpstreamStreamCut;
                exchange.AddWarning("stream ended before its final event");
                if (facts.ErrorType is null)
                {
                    CountOutputIfUnreported(exchange, facts, output);
                    await EndBrokenStreamAsync(exchange, answer, facts, buffer.AsMemory(0, count), new StreamBreak(ErrorTypes.UpstreamStreamCut, null, responses, sequence)).ConfigureAwait(false);
                    return;
                }
            }

            Capture(exchange, facts);
            CountOutputIfUnreported(exchange, facts, output);
            started = StartIfNeeded(exchange, response, answer, facts, started);
            await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
            if (count > 0)
            {
                writer.Write(buffer.AsSpan(0, count));
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Reached unsettled when the client left (or the host stopped): the provider bills what it generated.
            Capture(exchange, facts);
            CountOutputIfUnreported(exchange, facts, output);
            output.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Capture(ExchangeContext exchange, in ResponseFacts facts)
    {
        if (facts.Model is not null)
        {
            exchange.ServedModel = facts.Model;
        }

        if (facts.HasUsage && !exchange.Settled)
        {
            exchange.Usage = facts.ToUsage();
        }

        if (facts.ErrorType is not null && exchange.ErrorType is null)
        {
            exchange.ErrorType = facts.ErrorType;
        }

        if (facts.BuiltInToolCalls.Total != 0)
        {
            exchange.BuiltInToolCalls = facts.BuiltInToolCalls;
        }

        exchange.StoppedAtOutputLimit |= facts.StoppedAtOutputLimit;

        if (facts.ResponseId is not null)
        {
            exchange.ResponseId = facts.ResponseId;
            exchange.ResponseStatus = facts.ResponseStatus;
        }
    }

    /// <summary>
    /// A stream about to be settled without the provider's final usage (cut, timed out, left by its client, or from
    /// a provider that reports none) bills the output it generated: the text read so far, tokenised only now.
    /// </summary>
    private static void CountOutputIfUnreported(ExchangeContext exchange, in ResponseFacts facts, in StreamOutputText output)
    {
        if (!facts.UsageFinal && output.Length > 0 && !exchange.Settled)
        {
            exchange.CountedOutputTokens = output.CountTokens(facts.Model ?? exchange.ServedModel ?? exchange.EditsIfAny?.Model ?? exchange.Request.Model);
        }
    }

    /// <summary>Writes <c>: x-tollgate-cost-usd=COST</c> and a blank line: an SSE comment, which SDKs skip and dispatch no event for.</summary>
    private static void WriteCostComment(PipeWriter writer, decimal? cost)
    {
        writer.Write(CostCommentPrefix);
        if (cost is { } value)
        {
            var span = writer.GetSpan(64);
            value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
            writer.Advance(written);
        }
        else
        {
            writer.Write("unknown"u8);
        }

        writer.Write("\n\n"u8);
    }

    /// <summary>Writes <c>: x-tollgate-valid=true|false</c> and a blank line when the answer was checked against a JSON Schema.</summary>
    private static void WriteValidComment(PipeWriter writer, bool? valid)
    {
        if (valid is { } value)
        {
            writer.Write(value ? ": x-tollgate-valid=true\n\n"u8 : ": x-tollgate-valid=false\n\n"u8);
        }
    }

    /// <summary>Hands provider bytes to the client (starting the response first if needed); returns true.</summary>
    private static bool Relay(ExchangeContext exchange, HttpResponse response, ExchangeAnswer answer, in ResponseFacts facts, bool started, ReadOnlySpan<byte> bytes)
    {
        started = StartIfNeeded(exchange, response, answer, facts, started);
        response.BodyWriter.Write(bytes);
        exchange.MarkFirstByte();
        return started;
    }

    private static bool StartIfNeeded(ExchangeContext exchange, HttpResponse response, ExchangeAnswer answer, in ResponseFacts facts, bool started)
    {
        if (started || response.HasStarted)
        {
            return true;
        }

        // Headers go out with the first event, by which time the provider has named the serving model.
        if (facts.Model is not null)
        {
            exchange.ServedModel = facts.Model;
        }

        response.StatusCode = answer.Status;
        answer.CopyHeadersTo(response.Headers);
        TollgateHeaders.Apply(response, exchange);
        return true;
    }

    private static ReadOnlySpan<byte> CostCommentPrefix => ": x-tollgate-cost-usd="u8;
}
