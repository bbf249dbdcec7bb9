using System.Buffers;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Pipeline;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Relay;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// The protocol adapter at the edge: reads the body (bounded), reads the facts the levers need, builds the
/// exchange, runs the pipeline, and writes Tollgate's own errors in the protocol's format. No exception
/// reaches the client as a stack trace.
/// </summary>
internal sealed partial class ExchangeHandlerEndpoint
{
    private readonly ExchangePipeline _pipeline;
    private readonly ResponseRelay _relay;
    private readonly RefusedRequestCounter _refused;
    private readonly GatewaySettings _settings;
    private readonly TimeProvider _time;
    private readonly GatewayMeter _meter;
    private readonly ILogger<ExchangeHandlerEndpoint> _logger;

    public ExchangeHandlerEndpoint(ExchangePipeline pipeline, ResponseRelay relay, RefusedRequestCounter refused, GatewaySettings settings, TimeProvider time, GatewayMeter meter, ILogger<ExchangeHandlerEndpoint> logger)
    {
        _pipeline = pipeline;
        _relay = relay;
        _refused = refused;
        _settings = settings;
        _time = time;
        _meter = meter;
        _logger = logger;
    }

    /// <param name="context">The request.</param>
    /// <param name="protocol">The protocol of its route.</param>
    /// <param name="operation">The operation of its route.</param>
    /// <param name="endpoint">
    /// The route's template (<c>/v1/responses/{id}</c>), the ledger's <c>endpoint</c>: one group per route in the spend
    /// report, whatever id a call names.
    /// </param>
    public async Task HandleAsync(HttpContext context, WireProtocol protocol, ExchangeOperation operation, string endpoint)
    {
        var requestId = NewRequestId();
        context.Response.Headers[TollgateHeaders.RequestId] = requestId;
        var request = context.Request;
        string? resourceId = null;
        var badResourceId = false;
        var query = string.Empty;
        if (ResourceRoutes.NamesResource(operation))
        {
            resourceId = request.RouteValues.TryGetValue(ProviderRoute.IdParameter, out var id) ? id as string : null;
            badResourceId = !ResourceRoutes.IsPlainId(resourceId);
            resourceId = badResourceId ? null : resourceId;
            query = ResourceRoutes.PassesQuery(operation) ? request.QueryString.Value ?? string.Empty : string.Empty;
        }

        var exchange = new HttpExchange(context, _relay, requestId, protocol, operation, endpoint, _time.GetUtcNow())
        {
            ResourceId = resourceId,
            Query = query,
            Aborted = context.RequestAborted,
            ForwardedHeaders = ProviderHeaders.CaptureForwarded(protocol, request.Headers),
            Credential = ReadCredential(request),
            FromLoopback = context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address),
            Hints = new RequestHints
            {
                User = Header(request, "x-tollgate-user"),
                Feature = Header(request, "x-tollgate-feature"),
                Team = Header(request, "x-tollgate-team"),
                Tags = ListHeader(request, RequestTags.Header),
                Task = Header(request, "x-tollgate-task"),
                WorkloadClass = Header(request, "x-tollgate-class"),
                PromptVersion = Header(request, "x-tollgate-prompt-version"),
                CacheControl = Header(request, "cache-control"),
                AttemptOf = Header(request, "x-tollgate-attempt-of"),
            },
            Timestamps = _meter.TimestampsIfMeasured(),
        };

        byte[]? body = null;
        var closeConnection = false;
        try
        {
            if (badResourceId)
            {
                // Never forwarded: a path segment that is not a plain id could name another route of the provider.
                exchange.Reject(ResourceRoutes.BadIdRejection());
            }
            else if (!ResourceRoutes.HasBody(operation))
            {
                exchange.Request = ResourceRoutes.FactsOf(request, operation);
            }
            else
            {
                // A body refused here is answered only once the pipeline has identified the caller: a known caller's
                // refusal is a ledger row (settled by the settle stage), anyone else gets the identify stage's 401.
                exchange.Timestamps?.BodyReadStarted = Stopwatch.GetTimestamp();
                var read = await RequestBodyReader.ReadAsync(context, _settings.MaxRequestBodyBytes).ConfigureAwait(false);
                exchange.Timestamps?.BodyRead = Stopwatch.GetTimestamp();
                body = read.Buffer;
                if (read.Outcome == RequestBodyOutcome.ClientGone)
                {
                    return;
                }

                if (read.Outcome != RequestBodyOutcome.Complete)
                {
                    exchange.Reject(BrokenBodyRejection(read.Outcome, request, _settings.MaxRequestBodyBytes));

                    // Whoever answers (the settle stage with this refusal, or identify with a 401), the connection ends.
                    closeConnection = HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol);
                }
                else
                {
                    exchange.RequestBody = read.Buffer.AsMemory(0, read.Length);
                    var facts = RequestReader.Read(exchange.RequestBody.Span, protocol, operation);
                    if (facts.Error is not null)
                    {
                        exchange.Reject(new ExchangeRejection(400, ErrorTypes.InvalidRequest, facts.Error) { Param = facts.Param, Code = facts.Code });
                    }
                    else
                    {
                        exchange.Request = facts.Facts;
                        exchange.Timestamps?.Parsed = Stopwatch.GetTimestamp();
                    }
                }
            }

            await _pipeline.RunAsync(exchange).ConfigureAwait(false);
            if (exchange.Rejection is { } rejection && !exchange.Settled)
            {
                // Refused before the caller was identified: counted, never a ledger row.
                _refused.Count(rejection.Reason ?? rejection.ErrorType);
            }

            if (exchange.Rejection is not null && !context.Response.HasStarted)
            {
                await WriteRejectionAsync(exchange, context, closeConnection).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; the settle stage has recorded the row.
        }
        catch (Exception exception)
        {
            LogUnhandled(_logger, exception, requestId);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.Headers[TollgateHeaders.RequestId] = requestId;
                await ProtocolErrors.WriteAsync(context.Response, protocol, 500, ErrorTypes.Internal, $"Tollgate failed to handle request {requestId}.").ConfigureAwait(false);
            }
            else
            {
                context.Abort();
            }
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            if (exchange.Timestamps is { } timestamps)
            {
                _meter.RecordPhases(timestamps, exchange.StartTimestamp, Stopwatch.GetTimestamp());
            }
        }
    }

    private static Task WriteRejectionAsync(HttpExchange exchange, HttpContext context, bool closeConnection)
    {
        var rejection = exchange.Rejection!;
        TollgateHeaders.Apply(context.Response, exchange);
        foreach (var (name, value) in rejection.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (closeConnection)
        {
            context.Response.Headers.Connection = "close";
        }

        return ProtocolErrors.WriteAsync(context.Response, exchange.Protocol, rejection.Status, rejection.ErrorType, rejection.Message, rejection.Param, rejection.Code);
    }

    /// <summary>
    /// The answer to a body that did not arrive whole. Whatever answers it closes the connection (HTTP/1.x): after an
    /// oversized body it is how the client knows nothing more is read, and after a broken one the connection has
    /// nothing sound left to carry. HTTP/2 and HTTP/3 have no Connection header: there the stream ends, not the
    /// connection.
    /// </summary>
    private static ExchangeRejection BrokenBodyRejection(RequestBodyOutcome outcome, HttpRequest request, long limit) =>
        outcome switch
        {
            RequestBodyOutcome.TooLarge => new ExchangeRejection(413, ErrorTypes.RequestTooLarge, $"The request body exceeds this gateway's limit of {limit} bytes."),
            RequestBodyOutcome.TimedOut => new ExchangeRejection(408, ErrorTypes.InvalidRequest, "The request body stopped arriving before it was complete."),
            _ => new ExchangeRejection(400, ErrorTypes.InvalidRequest, request.ContentLength is { } declared
                ? $"The request body ended before the {declared} bytes its Content-Length declares."
                : "The request body's chunked encoding is broken or ends early."),
        };

    internal static string? ReadCredential(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            var value = authorization.ToString();
            return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : value.Trim();
        }

        var apiKey = request.Headers["x-api-key"];
        return apiKey.Count > 0 ? apiKey.ToString().Trim() : null;
    }

    private static string? Header(HttpRequest request, string name)
    {
        var value = request.Headers[name];
        return value.Count == 0 || string.IsNullOrWhiteSpace(value[0]) ? null : value[0]!.Trim();
    }

    /// <summary>A header whose value is a comma-separated list: every line of it, joined as one list.</summary>
    private static string? ListHeader(HttpRequest request, string name)
    {
        var value = request.Headers[name];
        return value.Count == 0 ? null : value.ToString();
    }

    private static string NewRequestId() => "req_" + Guid.CreateVersion7().ToString("N");

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Request {RequestId} failed inside the gateway.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
