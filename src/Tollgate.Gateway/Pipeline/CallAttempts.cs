using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Resilience;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Pipeline;

/// <summary>
/// The attempts of one exchange's call, as its model's resilience pipeline makes them (<see cref="ModelPipelines"/>):
/// sends each to the current <see cref="Target"/> and records it as an upstream attempt the moment its outcome is
/// known; decides whether a failed one is worth another after a wait (the provider's <c>retry-after</c>, else an
/// exponential backoff with jitter), within the exchange's retry budget and its <c>UpstreamTimeoutSeconds</c>; and
/// gives each attempt its workload class's timeout. Shared by every model of the exchange's fallback chain, so the
/// retry budget is the whole call's.
/// </summary>
internal sealed partial class CallAttempts
{
    private const double Jitter = 0.2;
    private readonly ExchangeContext _exchange;
    private readonly TimeSpan _upstreamTimeout;
    private readonly TimeSpan _classTimeout;
    private readonly CancellationToken _aborted;
    private readonly GatewayMeter _meter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan _waited;
    private string _waitSource = "backoff";

    public CallAttempts(ExchangeContext exchange, ResilienceOptions settings, TimeSpan upstreamTimeout, GatewayMeter meter, TimeProvider time, ILogger logger, CancellationToken aborted)
    {
        _exchange = exchange;
        Settings = settings;
        _upstreamTimeout = upstreamTimeout;
        _classTimeout = TimeSpan.FromSeconds(settings.Timeouts.For(exchange.WorkloadClass));
        _aborted = aborted;
        _meter = meter;
        _time = time;
        _logger = logger;
    }

    /// <summary>The settings the exchange's call follows (read once, when it began).</summary>
    public ResilienceOptions Settings { get; }

    /// <summary>Where the next attempt goes: the routed model's target, then each fallback's.</summary>
    public required CallTarget Target { get; set; }

    /// <summary>The models to fall back to, in order, after the one the request was routed to (<see cref="FallbackChain"/>).</summary>
    public IReadOnlyList<string> Chain { get; init; } = [];

    /// <summary>How many models of <see cref="Chain"/> have been taken (or skipped) so far.</summary>
    public int ChainTaken { get; set; }

    /// <summary>
    /// What the provider billed for the answers asked for again (their output failed its JSON Schema), held against the
    /// budgets with each later attempt's worst case (<see cref="Tollgate.Core.Stages.ReserveStage.RebookAsync"/>).
    /// </summary>
    public Tollgate.Core.Budgets.BudgetCharge Billed { get; set; }

    /// <summary>The wait before the retry <see cref="ShouldRetry"/> last agreed to.</summary>
    public TimeSpan PlannedWait { get; private set; }

    /// <summary>How long the last attempt was given to begin its answer.</summary>
    public TimeSpan LastAttemptTimeout { get; private set; }

    /// <summary>
    /// The next attempt's timeout: its workload class's, or what is left of the whole call's when that is less (at least
    /// a millisecond: Polly takes zero for "no timeout", and the call's own deadline ends it then anyway).
    /// </summary>
    public TimeSpan AttemptTimeout
    {
        get
        {
            var left = _upstreamTimeout - Stopwatch.GetElapsedTime(_started);
            var timeout = _classTimeout < left ? _classTimeout : left;
            LastAttemptTimeout = timeout > TimeSpan.FromMilliseconds(1) ? timeout : TimeSpan.FromMilliseconds(1);
            return LastAttemptTimeout;
        }
    }

    /// <summary>Sends one attempt and records it: the answer's status line, or the failure (never thrown: an outcome).</summary>
    public async ValueTask<Outcome<ProviderResponse>> SendAsync(CancellationToken cancellationToken)
    {
        var target = Target;
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            _exchange.Timestamps?.UpstreamSent = sentAt;
            var response = await target.Client.SendAsync(target.Request, cancellationToken).ConfigureAwait(false);
            _exchange.Timestamps?.UpstreamAnswered = Stopwatch.GetTimestamp();

            // Recorded as the answer begins; should it be the one relayed, settlement completes the record with what the
            // relay reads (usage, served model, error type).
            Record(target, response.Status, errorType: null, response.IsSuccess, sentAt);
            return Outcome.FromResult(response);
        }
        catch (OperationCanceledException exception)
        {
            // The client left while the provider was working on it, or the attempt (or the whole call) ran out of time.
            Record(target, 0, _aborted.IsCancellationRequested ? ErrorTypes.ClientClosed : ErrorTypes.UpstreamTimeout, providerMayHaveBilled: true, sentAt);
            return Outcome.FromException<ProviderResponse>(exception);
        }
        catch (HttpRequestException exception)
        {
            // A connection that never opened reached no provider; one that broke later may have been billed.
            var mayHaveBilled = exception.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            Record(target, 0, _aborted.IsCancellationRequested ? ErrorTypes.ClientClosed : ErrorTypes.UpstreamUnreachable, mayHaveBilled, sentAt);
            LogUpstreamUnreachable(_logger, target.Client.Name, exception.HttpRequestError, _exchange.RequestId);
            return Outcome.FromException<ProviderResponse>(exception);
        }
    }

    /// <summary>
    /// Whether the outcome of attempt <paramref name="attemptNumber"/> (0 for the first) is worth another at the same
    /// model, and after which wait (<see cref="PlannedWait"/>): a transient failure, while the client waits and the call
    /// has time, the provider's <c>retry-after</c> when it names one (not waited for when it is above
    /// <c>MaxDelaySeconds</c> or past the retry budget: the next model is tried instead), else the backoff, cut to what
    /// is left of the retry budget.
    /// </summary>
    public bool ShouldRetry(Outcome<ProviderResponse> outcome, int attemptNumber)
    {
        if (_aborted.IsCancellationRequested)
        {
            return false;
        }

        TimeSpan? asked = null;
        if (outcome.Result is { } response)
        {
            if (!AttemptOutcomes.IsTransient(response.Status))
            {
                return false;
            }

            asked = response.RetryAfter(_time.GetUtcNow());
        }
        else if (!AttemptOutcomes.IsTransient(outcome.Exception))
        {
            return false;
        }

        var left = TimeSpan.FromSeconds(Settings.RetryBudgetSeconds) - _waited;
        // A retry needs time to be answered in: the wait leaves at least a second of the whole call.
        var callLeft = _upstreamTimeout - Stopwatch.GetElapsedTime(_started) - TimeSpan.FromSeconds(1);
        if (callLeft < left)
        {
            left = callLeft;
        }

        if (asked is { } wait)
        {
            if (wait > TimeSpan.FromSeconds(Settings.MaxDelaySeconds) || wait > left)
            {
                return false;
            }

            PlannedWait = wait;
            _waitSource = "retry_after";
            return true;
        }

        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        var backoff = Settings.BaseDelayMs * Math.Pow(2, attemptNumber) * (1 - Jitter + (2 * Jitter * Random.Shared.NextDouble()));
        var planned = TimeSpan.FromMilliseconds(Math.Min(backoff, Settings.MaxDelaySeconds * 1000));
        PlannedWait = planned < left ? planned : left;
        _waitSource = "backoff";
        return true;
    }

    /// <summary>Counts the wait against the retry budget, lets the failed answer go, and says so.</summary>
    public void OnRetry(Outcome<ProviderResponse> outcome, TimeSpan wait)
    {
        _waited += wait;
        outcome.Result?.Dispose();
        _meter.RecordRetryWait(wait, _waitSource);
        LogRetrying(_logger, Target.Client.Name, Target.Model, outcome.Result?.Status ?? 0, wait.TotalMilliseconds, _waitSource, _exchange.RequestId);
    }

    /// <summary>Records an attempt the model's open circuit breaker stopped before it was sent: nothing billed.</summary>
    public void RecordCircuitOpen() => Record(Target, 0, ErrorTypes.CircuitOpen, providerMayHaveBilled: false, Stopwatch.GetTimestamp());

    private void Record(CallTarget target, int status, string? errorType, bool providerMayHaveBilled, long sentAt)
    {
        _exchange.ProviderMayHaveBilled = providerMayHaveBilled;
        _exchange.AddAttempt(new UpstreamAttempt
        {
            Provider = target.Client.Name,
            Model = target.Model.Length == 0 ? null : target.Model,
            Status = status,
            ErrorType = errorType,
            ProviderMayHaveBilled = providerMayHaveBilled,
            LatencyMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds,
        });
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Provider {Provider} unreachable ({Error}) for request {RequestId}.")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string provider, HttpRequestError error, string requestId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Retrying {Provider} model {Model} (status {Status}) after {WaitMs} ms ({Source}) for request {RequestId}.")]
    private static partial void LogRetrying(ILogger logger, string provider, string model, int status, double waitMs, string source, string requestId);
}
