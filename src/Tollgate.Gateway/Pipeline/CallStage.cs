using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Requests;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Hosting;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Pipeline;

/// <summary>
/// The terminal stage: applies the request's edits to the body as received, calls the provider client of the exchange's protocol and
/// answers with the provider's response, which the host relays (settling before the last byte). Maps what can
/// go wrong on the way (no provider, unreachable, too slow, broken mid-answer) to Tollgate's own errors.
/// </summary>
internal sealed partial class CallStage : IExchangeStage
{
    private readonly ProviderDirectory _providers;
    private readonly LedgerSettler _settler;
    private readonly TimeSpan _timeout;
    private readonly ILogger<CallStage> _logger;

    public CallStage(ProviderDirectory providers, LedgerSettler settler, GatewaySettings settings, ILogger<CallStage> logger)
    {
        _providers = providers;
        _settler = settler;
        _timeout = settings.UpstreamTimeout;
        _logger = logger;
    }

    public string Name => "call";

    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var client = _providers.For(exchange.Protocol);
        if (client is null)
        {
            var variable = exchange.Protocol == WireProtocol.Anthropic ? "ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL" : "OPENAI_API_KEY or OPENAI_BASE_URL";
            exchange.Reject(400, ErrorTypes.InvalidRequest, $"No {exchange.Protocol} provider is configured on this Tollgate: set {variable}.");
            return;
        }

        exchange.Provider = client.Name;
        if (exchange.Operation == ExchangeOperation.ChatCompletions && exchange.Request.Stream && !exchange.Request.ClientIncludesUsage)
        {
            // Settlement needs the stream's usage; the relay removes what asking for it adds, for this client.
            exchange.StreamUsageAddedByGateway = true;
            exchange.Edits.IncludeStreamUsage("settle");
        }

        var request = new ProviderRequest
        {
            Operation = exchange.Operation,
            RequestId = exchange.RequestId,
            Body = RequestBodyEditor.Apply(exchange.RequestBody, exchange.Protocol, exchange.Operation, exchange.EditsIfAny),
            Headers = exchange.ForwardedHeaders,
        };

        // The pending row makes a crash between here and settlement visible in the ledger.
        await _settler.RecordPendingAsync(exchange, CancellationToken.None).ConfigureAwait(false);

        var aborted = exchange.Aborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_timeout);
        exchange.Attempts = 1;
        ProviderResponse response;
        try
        {
            exchange.Timestamps?.UpstreamSent = Stopwatch.GetTimestamp();
            response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            exchange.Timestamps?.UpstreamAnswered = Stopwatch.GetTimestamp();
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            exchange.ProviderMayHaveBilled = true;
            exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {client.Name} provider did not answer within {_timeout.TotalSeconds:0} s.");
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
            LogUpstreamUnreachable(_logger, client.Name, exception.HttpRequestError, exchange.RequestId);
            exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"Tollgate could not reach the {client.Name} provider ({exception.HttpRequestError}).");
            return;
        }

        exchange.ProviderMayHaveBilled = response.IsSuccess;
        using (response)
        {
            try
            {
                await exchange.RespondAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested && !exchange.ResponseStarted)
            {
                exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {client.Name} provider did not finish its answer within {_timeout.TotalSeconds:0} s.");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException && !aborted.IsCancellationRequested && !exchange.ResponseStarted)
            {
                // A body that breaks off is an IOException (HttpIOException), not an HttpRequestException.
                exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"The connection to the {client.Name} provider failed mid-answer.");
            }
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Provider {Provider} unreachable ({Error}) for request {RequestId}.")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string provider, HttpRequestError error, string requestId);
}
