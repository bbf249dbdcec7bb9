using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Settlement;
using Tollgate.Core.Stages;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Controls;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Outputs;
using Tollgate.Gateway.Resilience;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Pipeline;

/// <summary>
/// The terminal stage: calls the model the request was routed to through its resilience pipeline (retries, circuit
/// breaker, attempt timeout: <see cref="ModelPipelines"/>), and when that model fails (or its breaker is open) the next
/// model of its fallback chain (<see cref="FallbackChain"/>), each held against the budgets at its own price first; then
/// answers with the provider's response, which the host relays (settling before the last byte). Every attempt goes
/// through <see cref="CallTargets"/> (the client and the body edited for its model) and is recorded as an upstream
/// attempt, so the row counts every try. A whole answer whose request carries a JSON Schema is held before it is written
/// and, while it fails the schema, asked for again (<c>Output:ValidationRetries</c>; <see cref="AskAgainAsync"/>), each
/// attempt billed. Nothing is tried again once the answer has begun: a stream that broke after its first byte is never
/// restarted on another model, and a stream is judged at its end, never asked again. Maps what can go wrong (no provider, unreachable, too slow,
/// breaker open, broken mid-answer) to Tollgate's own errors.
/// </summary>
internal sealed partial class CallStage : IExchangeStage
{
    private readonly CallTargets _targets;
    private readonly ModelPipelines _pipelines;
    private readonly ReserveStage _reserve;
    private readonly LedgerSettler _settler;
    private readonly RequestControls _controls;
    private readonly PricingCatalog _pricing;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly GatewayMeter _meter;
    private readonly TimeProvider _time;
    private readonly ILogger<CallStage> _logger;

    public CallStage(
        CallTargets targets,
        ModelPipelines pipelines,
        ReserveStage reserve,
        LedgerSettler settler,
        RequestControls controls,
        PricingCatalog pricing,
        IOptionsMonitor<GatewayOptions> options,
        GatewayMeter meter,
        TimeProvider time,
        ILogger<CallStage> logger)
    {
        _targets = targets;
        _pipelines = pipelines;
        _reserve = reserve;
        _settler = settler;
        _controls = controls;
        _pricing = pricing;
        _options = options;
        _meter = meter;
        _time = time;
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

        var first = exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        if (_targets.Resolve(exchange, first ?? string.Empty, out var refusal) is not { } target)
        {
            exchange.Reject(refusal!);
            return;
        }

        exchange.Provider = target.Client.Name;

        // The pending row makes a crash between here and settlement visible in the ledger.
        await _settler.RecordPendingAsync(exchange, CancellationToken.None).ConfigureAwait(false);

        // Read once per exchange: a reloaded --config file changes the calls that start after it.
        var options = _options.CurrentValue;
        var upstreamTimeout = TimeSpan.FromSeconds(options.UpstreamTimeoutSeconds);
        // The call's own token: the client's, unless the call is shared (coalesced) and outlives any one of its clients.
        var aborted = exchange.UpstreamAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(upstreamTimeout);
        var attempts = new CallAttempts(exchange, options.Resilience, upstreamTimeout, _meter, _time, _logger, aborted)
        {
            Target = target,
            Chain = FallbackChain.For(options, exchange.Feature, first),
        };

        // A whole answer is held to its JSON Schema before it is written, and asked for again while it fails it and
        // Output:ValidationRetries allow; a stream is judged as it ends, never asked again (its bytes are the client's).
        var retries = exchange.OutputCheck is not null && !exchange.Request.Stream ? _controls.For(exchange.Feature).ValidationRetries : -1;
        while (true)
        {
            var (response, ended) = await CallAsync(exchange, attempts, deadline, upstreamTimeout).ConfigureAwait(false);
            if (response is null)
            {
                exchange.Reject(ended!);
                return;
            }

            var served = attempts.Target;
            if (first is not null && !string.Equals(served.Model, first, StringComparison.Ordinal))
            {
                exchange.Fallback = new FallbackStep(first, served.Model);
            }

            // A translated body carries the served provider's hints, not the ones the shape stage wrote in the client's protocol.
            if (served.PromptCacheHinted is { } hinted)
            {
                exchange.PromptCacheHintsAdded = hinted;
            }

            using (response)
            using (var answer = served.Receive(response))
            {
                try
                {
                    if (retries < 0 || !response.IsSuccess || answer.IsEventStream)
                    {
                        await exchange.RespondAsync(answer, deadline.Token).ConfigureAwait(false);
                        return;
                    }

                    using var held = await HeldAnswer.ReadAsync(answer, OutputValidation.MaxRecordedBytes, deadline.Token).ConfigureAwait(false);
                    if (await AskAgainAsync(exchange, attempts, held, retries, deadline.Token).ConfigureAwait(false))
                    {
                        retries--;
                        continue;
                    }

                    await exchange.RespondAsync(held, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested && !exchange.ResponseStarted)
                {
                    exchange.Reject(504, ErrorTypes.UpstreamTimeout, $"The {served.Client.Name} provider did not finish its answer within {upstreamTimeout.TotalSeconds:0} s.");
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException && !aborted.IsCancellationRequested && !exchange.ResponseStarted)
                {
                    // A body that breaks off is an IOException (HttpIOException), not an HttpRequestException.
                    exchange.Reject(502, ErrorTypes.UpstreamUnreachable, $"The connection to the {served.Client.Name} provider failed mid-answer.");
                }
            }

            return;
        }
    }

    /// <summary>
    /// Calls the current target through its model's resilience pipeline and, when that model is spent, the next models of
    /// the fallback chain that can serve the request and fit the budgets, while time is left. Returns the answer to relay
    /// (a success, or the provider's own error when no model was left), or the refusal the exchange ends with.
    /// </summary>
    private async ValueTask<(ProviderResponse? Response, ExchangeRejection? Refusal)> CallAsync(
        ExchangeContext exchange, CallAttempts attempts, CancellationTokenSource deadline, TimeSpan upstreamTimeout)
    {
        var aborted = exchange.UpstreamAborted;
        var chain = attempts.Chain;
        while (true)
        {
            var outcome = await _pipelines.RunAsync(attempts, deadline.Token).ConfigureAwait(false);
            if (outcome.Result is { } answer && !AttemptOutcomes.IsTransient(answer.Status))
            {
                return (answer, null);
            }

            if (outcome.Exception is BrokenCircuitException)
            {
                attempts.RecordCircuitOpen();
            }

            if (aborted.IsCancellationRequested && outcome.Exception is { } gone)
            {
                ExceptionDispatchInfo.Throw(gone); // the client left: nothing more to try for it
            }

            // This model is spent: the next of the chain that can serve the request and fits the budgets, while time is left.
            ExchangeRejection? budgetRefusal = null;
            CallTarget? fallback = null;
            while (fallback is null && attempts.ChainTaken < chain.Count && !deadline.IsCancellationRequested)
            {
                var model = chain[attempts.ChainTaken++];
                if (_targets.Resolve(exchange, model, out var skipped) is not { } candidate)
                {
                    LogFallbackSkipped(_logger, model, skipped!.Message, exchange.RequestId);
                    continue;
                }

                if (await _reserve.RebookAsync(exchange, model, attempts.Billed).ConfigureAwait(false) is { } refused)
                {
                    budgetRefusal = refused;
                    LogFallbackSkipped(_logger, model, refused.Message, exchange.RequestId);
                    continue;
                }

                fallback = candidate;
            }

            if (fallback is null)
            {
                if (budgetRefusal is not null)
                {
                    outcome.Result?.Dispose();
                    return (null, budgetRefusal);
                }

                if (outcome.Result is { } last)
                {
                    return (last, null); // the provider's own error, relayed as it is
                }

                return (null, Failure(attempts, outcome.Exception, upstreamTimeout));
            }

            outcome.Result?.Dispose();
            _meter.CountFallback();
            LogFallingBack(_logger, attempts.Target.Model, fallback.Model, exchange.RequestId);
            attempts.Target = fallback;
            exchange.Provider = fallback.Client.Name;
        }
    }

    /// <summary>The refusal for the failure that ended the last attempt, when no model was left to try.</summary>
    private static ExchangeRejection Failure(CallAttempts attempts, Exception? failure, TimeSpan upstreamTimeout)
    {
        var target = attempts.Target;
        switch (failure)
        {
            case BrokenCircuitException:
                return new ExchangeRejection(503, ErrorTypes.CircuitOpen, $"Tollgate is not calling the {target.Client.Name} model '{target.Model}' for now: its recent calls failed (circuit breaker open), and no model of its fallback chain could take the request.");
            case HttpRequestException unreachable:
                return new ExchangeRejection(502, ErrorTypes.UpstreamUnreachable, $"Tollgate could not reach the {target.Client.Name} provider ({unreachable.HttpRequestError}).");
            default:
                // The attempt's timeout, or the whole call's (UpstreamTimeoutSeconds), whichever came first.
                var waited = attempts.LastAttemptTimeout < upstreamTimeout && attempts.LastAttemptTimeout > TimeSpan.Zero ? attempts.LastAttemptTimeout : upstreamTimeout;
                return new ExchangeRejection(504, ErrorTypes.UpstreamTimeout, $"The {target.Client.Name} provider did not answer within {waited.TotalSeconds:0} s.");
        }
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Model {FromModel} failed for request {RequestId}; falling back to {ToModel}.")]
    private static partial void LogFallingBack(ILogger logger, string fromModel, string toModel, string requestId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Fallback model {Model} skipped for request {RequestId}: {Reason}")]
    private static partial void LogFallbackSkipped(ILogger logger, string model, string reason, string requestId);
}
