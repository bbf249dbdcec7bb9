using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// The terminal stage: calls the provider and relays its answer. Bodies are relayed as the provider sent
/// them; the stage reads only usage, model and error type on the way. The ledger row is made durable before
/// the response's last byte: a buffered answer is settled before it is written, a stream's final event
/// (<c>data: [DONE]</c>, <c>message_stop</c>) is held back until the row is committed.
/// </summary>
internal sealed partial class ForwardStage : IExchangeStage
{
    private const int InitialBufferSize = 16 * 1024;
    private readonly HttpMessageInvoker _upstream;
    private readonly ProviderDirectory _providers;
    private readonly LedgerSettler _settler;
    private readonly TimeSpan _timeout;
    private readonly ILogger<ForwardStage> _logger;

    public ForwardStage(UpstreamClient upstream, ProviderDirectory providers, LedgerSettler settler, GatewaySettings settings, ILogger<ForwardStage> logger)
    {
        _upstream = upstream.Invoker;
        _providers = providers;
        _settler = settler;
        _timeout = settings.UpstreamTimeout;
        _logger = logger;
    }

    public string Name => "call";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var http = ((HttpExchange)exchange).HttpContext;
        var endpoint = _providers.For(exchange.Protocol);
        if (endpoint is null)
        {
            var variable = exchange.Protocol == WireProtocol.Anthropic ? "ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL" : "OPENAI_API_KEY or OPENAI_BASE_URL";
            exchange.Reject(400, ErrorTypes.InvalidRequest, $"No {exchange.Protocol} provider is configured on this Tollgate: set {variable}.");
            return;
        }

        exchange.Provider = endpoint.Name;
        var stripUsageChunk = exchange.Operation == ExchangeOperation.ChatCompletions && StreamOptionsRewriter.NeedsUsage(exchange.Request);
        ReadOnlyMemory<byte> body = stripUsageChunk
            ? StreamOptionsRewriter.WithUsage(exchange.RequestBody.Span, exchange.Request)
            : exchange.RequestBody;

        using var request = new HttpRequestMessage(exchange.Operation == ExchangeOperation.Models ? HttpMethod.Get : HttpMethod.Post, endpoint.UriFor(exchange.Operation));
        if (endpoint.PrefersHttp2)
        {
            // Over TLS, HTTP/2 multiplexes every call on a few connections; plain-HTTP upstreams stay on HTTP/1.1.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        if (exchange.Operation != ExchangeOperation.Models)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        UpstreamHeaders.ApplyToRequest(request, endpoint, http.Request, exchange.RequestId);

        // The pending row makes a crash between here and settlement visible in the ledger.
        await _settler.RecordPendingAsync(exchange, CancellationToken.None).ConfigureAwait(false);

        var aborted = http.RequestAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_timeout);
        exchange.Attempts = 1;
        HttpResponseMessage upstream;
        try
        {
            upstream = await _upstream.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            exchange.ProviderMayHaveBilled = true;
            exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {endpoint.Name} provider did not answer within {_timeout.TotalSeconds:0} s.");
            return;
        }
        catch (OperationCanceledException)
        {
            exchange.ProviderMayHaveBilled = true; // the client left while the provider was working on it
            throw;
        }
        catch (HttpRequestException exception) when (!aborted.IsCancellationRequested)
        {
            // A connection that never opened reached no provider; one that broke later may have been billed.
            exchange.ProviderMayHaveBilled = exception.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            LogUpstreamUnreachable(_logger, endpoint.Name, exception.HttpRequestError, exchange.RequestId);
            exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"Tollgate could not reach the {endpoint.Name} provider ({exception.HttpRequestError}).");
            return;
        }

        exchange.ProviderMayHaveBilled = upstream.IsSuccessStatusCode;
        using (upstream)
        {
            try
            {
                if (exchange.Request.Stream && upstream.IsSuccessStatusCode && IsEventStream(upstream))
                {
                    await RelayStreamAsync(exchange, http, upstream, stripUsageChunk, timeout.Token).ConfigureAwait(false);
                }
                else
                {
                    await RelayBufferedAsync(exchange, http, upstream, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested && !http.Response.HasStarted)
            {
                exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {endpoint.Name} provider did not finish its answer within {_timeout.TotalSeconds:0} s.");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException && !aborted.IsCancellationRequested && !http.Response.HasStarted)
            {
                // A body that breaks off is an IOException (HttpIOException), not an HttpRequestException.
                exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"The connection to the {endpoint.Name} provider failed mid-answer.");
            }
        }
    }

    private static bool IsEventStream(HttpResponseMessage upstream) =>
        upstream.Content.Headers.ContentType?.MediaType is { } media && media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private async Task RelayBufferedAsync(ExchangeContext exchange, HttpContext http, HttpResponseMessage upstream, CancellationToken cancellationToken)
    {
        var length = upstream.Content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < 64 * 1024 * 1024 ? (int)length.Value : InitialBufferSize);
        try
        {
            var count = 0;
            var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
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

            var status = (int)upstream.StatusCode;
            exchange.Status = status;
            var facts = default(ResponseFacts);
            ResponseReader.TryRead(buffer.AsSpan(0, count), exchange.Protocol, ref facts);
            exchange.ServedModel = facts.Model ?? exchange.Request.Model;
            if (status is >= 200 and < 300)
            {
                if (facts.HasUsage)
                {
                    exchange.Usage = facts.ToUsage();
                }
            }
            else
            {
                exchange.ErrorType = facts.ErrorType ?? "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);

            var response = http.Response;
            response.StatusCode = status;
            UpstreamHeaders.CopyToResponse(upstream, response);
            TollgateHeaders.Apply(response, exchange);
            response.ContentLength = count;
            await response.Body.WriteAsync(buffer.AsMemory(0, count), http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RelayStreamAsync(ExchangeContext exchange, HttpContext http, HttpResponseMessage upstream, bool stripUsageChunk, CancellationToken cancellationToken)
    {
        var response = http.Response;
        var writer = response.BodyWriter;
        var anthropic = exchange.Protocol == WireProtocol.Anthropic;
        var facts = default(ResponseFacts);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var count = 0;
        var started = false;
        var terminalSeen = false;
        var firstEvent = true;
        exchange.Status = (int)upstream.StatusCode;
        try
        {
            var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
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
                        // The provider cut the stream: pass the cut on, as the client would have seen it directly.
                        await FinishCutStreamAsync(exchange, http, upstream, facts, buffer.AsMemory(0, count), started, ErrorTypes.UpstreamStreamCut, "provider cut the stream").ConfigureAwait(false);
                        return;
                    }
                    catch (OperationCanceledException) when (started && !http.RequestAborted.IsCancellationRequested)
                    {
                        // The provider stalled past the timeout after the stream began: too late for a 504, so cut it.
                        await FinishCutStreamAsync(exchange, http, upstream, facts, buffer.AsMemory(0, count), started, ErrorTypes.UpstreamTimeout, "provider did not finish the stream in time").ConfigureAwait(false);
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
                        var action = anthropic ? InspectAnthropic(sseEvent, ref facts) : InspectOpenAI(sseEvent, ref facts, stripUsageChunk, firstEvent);
                        firstEvent = false;
                        if (action == EventAction.ElideNullUsage)
                        {
                            // The client did not ask for usage: it gets chunks without the field, as from the provider.
                            var cut = position + sseEvent.IndexOf(NullUsage);
                            if (cut > forwardFrom)
                            {
                                started = Relay(exchange, response, upstream, facts, started, buffer.AsSpan(forwardFrom, cut - forwardFrom));
                            }

                            forwardFrom = cut + NullUsage.Length;
                        }
                        else if (action == EventAction.Drop || action == EventAction.Terminal)
                        {
                            if (position > forwardFrom)
                            {
                                started = Relay(exchange, response, upstream, facts, started, buffer.AsSpan(forwardFrom, position - forwardFrom));
                            }

                            forwardFrom = action == EventAction.Drop ? position + length : position;
                            if (action == EventAction.Terminal && !terminalSeen)
                            {
                                terminalSeen = true;
                                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                                Capture(exchange, facts);
                                await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
                                if (response.SupportsTrailers())
                                {
                                    response.AppendTrailer(TollgateHeaders.CostUsd, TollgateHeaders.FormatCost(exchange.CostUsd));
                                }
                            }
                        }

                        position += length;
                    }

                    if (position > forwardFrom)
                    {
                        started = Relay(exchange, response, upstream, facts, started, buffer.AsSpan(forwardFrom, position - forwardFrom));
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
                // The provider ended the stream without its final event; relay what is left and record it. After
                // an error event of its own (OpenAI's {"error":…} chunk, Anthropic's event: error) that error says why.
                exchange.ErrorType = facts.ErrorType ?? ErrorTypes.UpstreamStreamCut;
                exchange.AddWarning("stream ended before its final event");
            }

            Capture(exchange, facts);
            started = StartIfNeeded(exchange, response, upstream, facts, started);
            await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
            if (count > 0)
            {
                writer.Write(buffer.AsSpan(0, count));
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Capture(exchange, facts);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FinishCutStreamAsync(ExchangeContext exchange, HttpContext http, HttpResponseMessage upstream, ResponseFacts facts, ReadOnlyMemory<byte> tail, bool started, string errorType, string warning)
    {
        exchange.ErrorType = facts.ErrorType ?? errorType;
        exchange.AddWarning(warning + "; usage may be partial");
        Capture(exchange, facts);
        StartIfNeeded(exchange, http.Response, upstream, facts, started);
        await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
        if (!tail.IsEmpty)
        {
            http.Response.BodyWriter.Write(tail.Span);
            await http.Response.BodyWriter.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        http.Abort();
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
    }

    /// <summary>Hands provider bytes to the client (starting the response first if needed); returns true.</summary>
    private static bool Relay(ExchangeContext exchange, HttpResponse response, HttpResponseMessage upstream, in ResponseFacts facts, bool started, ReadOnlySpan<byte> bytes)
    {
        started = StartIfNeeded(exchange, response, upstream, facts, started);
        response.BodyWriter.Write(bytes);
        exchange.MarkFirstByte();
        return started;
    }

    private static bool StartIfNeeded(ExchangeContext exchange, HttpResponse response, HttpResponseMessage upstream, in ResponseFacts facts, bool started)
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

        response.StatusCode = (int)upstream.StatusCode;
        UpstreamHeaders.CopyToResponse(upstream, response);
        TollgateHeaders.Apply(response, exchange);
        return true;
    }

    private static EventAction InspectOpenAI(ReadOnlySpan<byte> sseEvent, ref ResponseFacts facts, bool stripUsageChunk, bool firstEvent)
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

        return stripUsageChunk && data.IndexOf(NullUsage) >= 0 ? EventAction.ElideNullUsage : EventAction.Forward;
    }

    private static EventAction InspectAnthropic(ReadOnlySpan<byte> sseEvent, ref ResponseFacts facts)
    {
        var name = SseEvents.Name(sseEvent);
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

    private static byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Provider {Provider} unreachable ({Error}) for request {RequestId}.")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string provider, HttpRequestError error, string requestId);

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
