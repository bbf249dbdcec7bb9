using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Settlement;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Pipeline;

/// <summary>
/// The terminal stage: applies the request's edits to the body as received, calls the provider client of the model's family
/// (<see cref="CallTargets"/>, which translates a request for the other family) and answers with the provider's response, which the host relays (settling before the last byte). Maps what can
/// go wrong on the way (no provider, unreachable, too slow, broken mid-answer) to Tollgate's own errors. Every
/// provider call is recorded as an upstream attempt (<see cref="RecordAttempt"/>), so a retry or a fallback that
/// calls again leaves one record per try.
/// </summary>
internal sealed partial class CallStage : IExchangeStage
{
    private readonly CallTargets _targets;
    private readonly LedgerSettler _settler;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly ILogger<CallStage> _logger;

    public CallStage(CallTargets targets, LedgerSettler settler, IOptionsMonitor<GatewayOptions> options, ILogger<CallStage> logger)
    {
        _targets = targets;
        _settler = settler;
        _options = options;
        _logger = logger;
    }

    public string Name => "call";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        if (exchange.Operation == ExchangeOperation.ChatCompletions && exchange.Request.Stream && !exchange.Request.ClientIncludesUsage)
        {
            // Settlement needs the stream's usage; the relay removes what asking for it adds, for this client.
            exchange.StreamUsageAddedByGateway = true;
            exchange.Edits.IncludeStreamUsage("settle");
        }

        var model = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        if (_targets.Resolve(exchange, model ?? string.Empty, out var refusal) is not { } target)
        {
            exchange.Reject(refusal!);
            return;
        }

        var client = target.Client;
        var request = target.Request;
        exchange.Provider = client.Name;

        // The pending row makes a crash between here and settlement visible in the ledger.
        await _settler.RecordPendingAsync(exchange, CancellationToken.None).ConfigureAwait(false);

        // Read once per exchange: a reloaded --config file changes the timeout of the calls that start after it.
        var upstreamTimeout = TimeSpan.FromSeconds(_options.CurrentValue.UpstreamTimeoutSeconds);
        // The call's own token: the client's, unless the call is shared (coalesced) and outlives any one of its clients.
        var aborted = exchange.UpstreamAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(upstreamTimeout);
        var sentAt = Stopwatch.GetTimestamp();
        ProviderResponse response;
        try
        {
            exchange.Timestamps?.UpstreamSent = Stopwatch.GetTimestamp();
            response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            exchange.Timestamps?.UpstreamAnswered = Stopwatch.GetTimestamp();
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            RecordAttempt(exchange, client, model, 0, ErrorTypes.UpstreamTimeout, providerMayHaveBilled: true, sentAt);
            exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {client.Name} provider did not answer within {upstreamTimeout.TotalSeconds:0} s.");
            return;
        }
        catch (OperationCanceledException)
        {
            // The client left while the provider was working on it.
            RecordAttempt(exchange, client, model, 0, ErrorTypes.ClientClosed, providerMayHaveBilled: true, sentAt);
            throw;
        }
        catch (HttpRequestException exception) when (!aborted.IsCancellationRequested)
        {
            // A connection that never opened reached no provider; one that broke later may have been billed.
            var mayHaveBilled = exception.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            RecordAttempt(exchange, client, model, 0, ErrorTypes.UpstreamUnreachable, mayHaveBilled, sentAt);
            LogUpstreamUnreachable(_logger, client.Name, exception.HttpRequestError, exchange.RequestId);
            exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"Tollgate could not reach the {client.Name} provider ({exception.HttpRequestError}).");
            return;
        }

        // Recorded as the answer begins; settlement completes the record with what the relay reads (usage, served
        // model, error type), since this is the attempt whose answer the exchange carries.
        RecordAttempt(exchange, client, model, response.Status, errorType: null, response.IsSuccess, sentAt);
        using (response)
        using (var answer = target.Receive(response))
        {
            try
            {
                await exchange.RespondAsync(answer, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested && !exchange.ResponseStarted)
            {
                exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {client.Name} provider did not finish its answer within {upstreamTimeout.TotalSeconds:0} s.");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException && !aborted.IsCancellationRequested && !exchange.ResponseStarted)
            {
                // A body that breaks off is an IOException (HttpIOException), not an HttpRequestException.
                exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"The connection to the {client.Name} provider failed mid-answer.");
            }
        }
    }

    /// <summary>
    /// Records one provider call the moment its outcome is known: a failure (status 0 and what went wrong), or the
    /// status line of an answer. The exchange's billing flag becomes this call's, the latest one's.
    /// </summary>
    private static void RecordAttempt(ExchangeContext exchange, IProviderClient client, string? model, int status, string? errorType, bool providerMayHaveBilled, long sentAt)
    {
        exchange.ProviderMayHaveBilled = providerMayHaveBilled;
        exchange.AddAttempt(new UpstreamAttempt
        {
            Provider = client.Name,
            Model = model,
            Status = status,
            ErrorType = errorType,
            ProviderMayHaveBilled = providerMayHaveBilled,
            LatencyMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds,
        });
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Provider {Provider} unreachable ({Error}) for request {RequestId}.")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string provider, HttpRequestError error, string requestId);
}
