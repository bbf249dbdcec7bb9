using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
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
    private readonly ILogger<ExchangeHandlerEndpoint> _logger;

    public ExchangeHandlerEndpoint(ExchangePipeline pipeline, ResponseRelay relay, RefusedRequestCounter refused, GatewaySettings settings, TimeProvider time, ILogger<ExchangeHandlerEndpoint> logger)
    {
        _pipeline = pipeline;
        _relay = relay;
        _refused = refused;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, WireProtocol protocol, ExchangeOperation operation)
    {
        var requestId = NewRequestId();
        context.Response.Headers[TollgateHeaders.RequestId] = requestId;
        var request = context.Request;
        var exchange = new HttpExchange(context, _relay, requestId, protocol, operation, _time.GetUtcNow())
        {
            Aborted = context.RequestAborted,
            ForwardedHeaders = ProviderHeaders.CaptureForwarded(protocol, request.Headers),
            Credential = ReadCredential(request),
            FromLoopback = context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address),
            Hints = new RequestHints
            {
                User = Header(request, "x-tollgate-user"),
                Feature = Header(request, "x-tollgate-feature"),
                Team = Header(request, "x-tollgate-team"),
                Task = Header(request, "x-tollgate-task"),
                WorkloadClass = Header(request, "x-tollgate-class"),
                CacheControl = Header(request, "cache-control"),
            },
        };

        byte[]? body = null;
        try
        {
            if (operation != ExchangeOperation.Models)
            {
                // A body refused here is answered only once the pipeline has identified the caller: a known caller's
                // refusal is a ledger row (settled by the settle stage), anyone else gets the identify stage's 401.
                var (buffer, length, tooLarge) = await ReadBodyAsync(context, _settings.MaxRequestBodyBytes).ConfigureAwait(false);
                body = buffer;
                if (tooLarge)
                {
                    exchange.Reject(413, ErrorTypes.RequestTooLarge, $"The request body exceeds this gateway's limit of {_settings.MaxRequestBodyBytes} bytes.");
                }
                else
                {
                    exchange.RequestBody = buffer.AsMemory(0, length);
                    var read = RequestReader.Read(exchange.RequestBody.Span, protocol, operation);
                    if (read.Error is not null)
                    {
                        exchange.Reject(new ExchangeRejection(400, ErrorTypes.InvalidRequest, read.Error) { Param = read.Param });
                    }
                    else
                    {
                        exchange.Request = read.Facts;
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
                await WriteRejectionAsync(exchange, context).ConfigureAwait(false);
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
        }
    }

    private static Task WriteRejectionAsync(HttpExchange exchange, HttpContext context)
    {
        var rejection = exchange.Rejection!;
        TollgateHeaders.Apply(context.Response, exchange);
        foreach (var (name, value) in rejection.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        return ProtocolErrors.WriteAsync(context.Response, exchange.Protocol, rejection.Status, rejection.ErrorType, rejection.Message, rejection.Param);
    }

    /// <summary>Reads the whole body into a pooled buffer, refusing anything over the limit.</summary>
    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpContext context, long limit)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            return (ArrayPool<byte>.Shared.Rent(0), 0, true);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 4096);
        var count = 0;
        try
        {
            var stream = context.Request.Body;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= limit)
                    {
                        // Read one byte past the limit to tell "exactly the limit" from "over it".
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, context.RequestAborted).ConfigureAwait(false) > 0)
                        {
                            return (buffer, count, true);
                        }

                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, buffer.Length * 2L));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(count, (int)Math.Min(buffer.Length - count, limit - count + 1)), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
                if (count > limit)
                {
                    return (buffer, count, true);
                }
            }

            return (buffer, count, false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (buffer, count, true);
        }
    }

    private static string? ReadCredential(HttpRequest request)
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

    private static string NewRequestId() => "req_" + Guid.CreateVersion7().ToString("N");

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Request {RequestId} failed inside the gateway.")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestId);
}
