using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Responses;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Settlement;

/// <summary>
/// Turns an exchange into its ledger row: prices the provider's reported usage, works out the baseline and what
/// each lever saved (<see cref="CostBreakdown"/>), prices each upstream attempt, writes the row durably, then tells
/// the <see cref="ISettlementObserver"/>s. A request that goes upstream is written twice: pending before the call
/// (so a crash mid-call still leaves a row) and settled after it; an answer made without a call is written once. A
/// settled row is durable against a crash of the process before the response's last byte is sent, and committed off
/// the response's path (<see cref="LedgerDurability.ProcessCrashSafe"/>).
/// </summary>
public sealed partial class LedgerSettler
{
    private readonly ILedgerStore _ledger;
    private readonly PricingCatalog _pricing;
    private readonly ILogger<LedgerSettler> _logger;
    private readonly ISettlementObserver[] _observers;
    private readonly IStoredResponseTracker? _responses;

    /// <summary>Creates a settler.</summary>
    /// <param name="ledger">Where rows are written.</param>
    /// <param name="pricing">Prices of the models.</param>
    /// <param name="logger">Where unknown prices and failures are reported.</param>
    /// <param name="observers">Told of every settled row, in this order; none when null.</param>
    /// <param name="responses">Told of every row as soon as it is durable, before the observers; none when null.</param>
    public LedgerSettler(ILedgerStore ledger, PricingCatalog pricing, ILogger<LedgerSettler> logger, IEnumerable<ISettlementObserver>? observers = null, IStoredResponseTracker? responses = null)
    {
        _ledger = ledger;
        _pricing = pricing;
        _logger = logger;
        _observers = observers is null ? [] : [.. observers];
        _responses = responses;
    }

    /// <summary>Writes the pending row for an exchange about to call its provider.</summary>
    public async ValueTask RecordPendingAsync(ExchangeContext exchange, CancellationToken cancellationToken = default)
    {
        if (exchange.PendingRecorded || exchange.Settled)
        {
            return;
        }

        await _ledger.WriteAsync(ToEntry(exchange, pending: true, default, null), cancellationToken).ConfigureAwait(false);
        exchange.PendingRecorded = true;
    }

    /// <summary>
    /// Prices the exchange, writes its final row, and once the row is durable tells the observers. Runs once:
    /// later calls do nothing. A ledger failure is logged and rethrown so the caller fails the request instead
    /// of answering without a record; an observer's failure is logged and goes no further.
    /// </summary>
    public async ValueTask SettleAsync(ExchangeContext exchange, CancellationToken cancellationToken = default)
    {
        if (exchange.Settled)
        {
            return;
        }

        exchange.Settled = true;
        var entry = Price(exchange);
        var timestamps = exchange.Timestamps;
        try
        {
            timestamps?.CommitStarted = Stopwatch.GetTimestamp();
            // A settled row must survive a crash of the process before the answer's last byte, and needs no more with
            // the store's default synchronous=NORMAL (under which a committed row survives a process crash but not a
            // power cut either): the store journals it, one file write on this thread, and commits it off the
            // response's path, so no answer waits for a database commit. A store set up to survive power cuts commits
            // it before returning instead, its journal being never synced.
            await _ledger.WriteAsync(entry, LedgerDurability.ProcessCrashSafe, cancellationToken).ConfigureAwait(false);
            timestamps?.Committed = Stopwatch.GetTimestamp();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLedgerWriteFailed(_logger, exception, exchange.RequestId);
            throw;
        }

        if (_responses is not null)
        {
            await TrackAsync(exchange, entry, cancellationToken).ConfigureAwait(false);
        }

        // A row whose usage is still to come is not final: the observers hear of it once, when it is (SettleBackgroundAsync).
        if (_observers.Length != 0 && !exchange.UsagePending)
        {
            await NotifyAsync(exchange, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private LedgerEntry Price(ExchangeContext exchange)
    {
        exchange.ConcludeOutputCheck();

        // The breakdown first: it completes the exchange's usage (an estimate, the output counted from a cut stream),
        // which the last attempt's record then takes.
        var breakdown = Breakdown(exchange);
        var attempts = exchange.UpstreamAttempts;
        var cost = breakdown.CostUsd;
        AttemptRecord[]? records = null;
        if (attempts.Count >= 2 || (attempts.Count == 1 && !IsClean(Completed(exchange, attempts[0]))))
        {
            // One clean attempt is the exchange itself: the row says all there is to say about it, and the common
            // path writes nothing more. Several attempts, or one that failed, get a record each.
            records = new AttemptRecord[attempts.Count];
            cost = PriceAttempts(exchange, attempts, records);
        }

        exchange.CostUsd = cost;
        exchange.BaselineCostUsd = breakdown.BaselineCostUsd;
        return ToEntry(exchange, pending: false, breakdown, records);
    }

    /// <summary>
    /// Operations the provider bills nothing for: listing models, counting tokens, and the Responses API's routes on a
    /// stored response (its tokens were billed to the row of the call that created it, so a retrieval records none).
    /// </summary>
    private static bool IsFree(ExchangeOperation operation) =>
        operation is ExchangeOperation.Models or ExchangeOperation.CountTokens
            or ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete or ExchangeOperation.ResponsesCancel
            or ExchangeOperation.ResponsesInputItems or ExchangeOperation.ResponsesInputTokens;

    private static bool IsClean(in UpstreamAttempt attempt) => attempt.Status is >= 200 and < 300 && attempt.ErrorType is null;

    /// <summary>
    /// The last attempt with what was learnt after the call stage recorded it: that attempt's answer is the one the
    /// exchange carries, so the usage and served model the relay read, and the error it ended with (a cut, a stall,
    /// the provider's error type), are the attempt's. Answers made without a call carry no attempt's answer.
    /// </summary>
    private static UpstreamAttempt Completed(ExchangeContext exchange, UpstreamAttempt last) =>
        exchange.AnsweredBy is not null
            ? last
            : last with
            {
                Model = exchange.ServedModel ?? last.Model,
                Usage = last.Usage ?? exchange.Usage,
                ErrorType = last.ErrorType ?? exchange.ErrorType,
                ProviderMayHaveBilled = last.ProviderMayHaveBilled || exchange.ProviderMayHaveBilled,
                BilledAsBatch = last.BilledAsBatch || exchange.BilledAsBatch,
            };

    private CostBreakdown Breakdown(ExchangeContext exchange)
    {
        if (IsFree(exchange.Operation))
        {
            return CostBreakdown.Free;
        }

        if (exchange.AnsweredBy is { } lever)
        {
            var requestedPrice = _pricing.Find(exchange.Request.Model);
            var answerPrice = requestedPrice ?? _pricing.Find(exchange.ServedModel);
            if (answerPrice is null)
            {
                WarnUnknownPrice(exchange, exchange.Request.Model);
            }

            return CostBreakdown.ForAnswerWithoutCall(requestedPrice, answerPrice, exchange.Usage ?? default, lever);
        }

        if (exchange.Usage is null && exchange.Request.Background && exchange.ProviderMayHaveBilled && exchange.Operation == ExchangeOperation.Responses)
        {
            // Queued: the provider bills the work when it is done, and reports the usage then. Unknown is not zero.
            exchange.AddWarning(BackgroundPendingWarning);
            exchange.UsagePending = true;
            return new CostBreakdown(null, null, []);
        }

        if (exchange.Usage is null)
        {
            if (!exchange.ProviderMayHaveBilled)
            {
                // Rejected, unreachable, or answered with an error status: providers bill none of these.
                return CostBreakdown.Free;
            }

            // Sent, but no usage came back (client gone, stream cut, timeout): the provider bills what it
            // processed, so record the counted prompt (and the output streamed so far) rather than nothing, and say
            // it is an estimate.
            var estimate = EstimateInput(exchange, exchange.Request.Model);
            exchange.UsageEstimated = true;
            if (exchange.CountedOutputTokens is { } counted && counted > 0)
            {
                exchange.Usage = estimate with { OutputTokens = counted };
                exchange.AddWarning("usage estimated from the prompt and the streamed text; the provider reported none");
            }
            else
            {
                exchange.Usage = estimate;
                exchange.AddWarning("usage estimated from the prompt; the provider reported none");
            }
        }
        else if (exchange.CountedOutputTokens is { } counted && counted > exchange.Usage.Value.OutputTokens)
        {
            // The stream reported its prompt (Anthropic's message_start) but never its final output count.
            exchange.Usage = exchange.Usage.Value with { OutputTokens = counted };
            exchange.UsageEstimated = true;
            exchange.AddWarning("output estimated from the streamed text; the provider reported no final usage");
        }

        // Without a model named by the provider, the one the request was sent for (a lever may have changed it) served it.
        var model = exchange.ServedModel ?? exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        var served = _pricing.Find(model);
        if (served is null)
        {
            WarnUnknownPrice(exchange, model);
        }

        var requested = ReferenceEquals(model, exchange.Request.Model) ? served : _pricing.Find(exchange.Request.Model);

        // "model": "auto" names no priced model: the baseline is the routing rule's frontier model (docs/routing.md).
        requested ??= exchange.Routing?.BaselineModel is { } baselineModel ? _pricing.Find(baselineModel) : null;
        var cacheLever = exchange.PromptCacheHintsAdded ? Levers.PromptCache : Levers.ProviderCache;
        var servedTools = ToolCharge(exchange, served);
        if (servedTools.Unpriced is { } unpriced)
        {
            // Billed per call on top of the tokens, and not priced: the cost is a lower bound, never these calls at $0.
            exchange.AddWarning($"cost incomplete: the provider bills built-in tool calls per call and the pricing catalog lists no per-call price for {unpriced}");
        }

        var requestedTools = ReferenceEquals(requested, served) ? servedTools : ToolCharge(exchange, requested);

        // A budget sent the request to a cheaper model: the step from the model it would have been served with is the degrade's.
        var degradedFrom = exchange.Routing is { Lever: Levers.Degrade } route ? _pricing.Find(route.FromModel) : null;
        var degradedFromTools = degradedFrom is null ? default : ToolCharge(exchange, degradedFrom);
        return CostBreakdown.ForCall(requested, served, exchange.Usage.Value, exchange.BilledAsBatch, cacheLever, requestedTools, servedTools, degradedFrom, degradedFromTools);
    }

    /// <summary>The exchange's built-in tool calls as <paramref name="model"/>'s provider bills them (the exchange's provider when the model is unpriced).</summary>
    private ToolCallCharge ToolCharge(ExchangeContext exchange, ModelPrice? model) =>
        _pricing.PriceToolCalls(exchange.BuiltInToolCalls, model, exchange.Provider);

    private async ValueTask NotifyAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnSettledAsync(exchange, entry, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The row is durable and the answer is on its way: neither depends on what an observer does with them.
                LogObserverFailed(_logger, exception, observer.GetType().Name, exchange.RequestId);
            }
        }
    }

    private void WarnUnknownPrice(ExchangeContext exchange, string? model)
    {
        var warning = $"unknown price for model '{model}'";
        if (exchange.Warning?.Contains(warning, StringComparison.Ordinal) == true)
        {
            return; // several attempts at one unpriced model make one remark
        }

        LogUnknownPrice(_logger, model ?? "(none)", exchange.RequestId);
        exchange.AddWarning(warning);
    }

    private static TokenUsage EstimateInput(ExchangeContext exchange, string? model) =>
        new(TokenCounter.Shared.EstimateBodyInput(exchange.Protocol, exchange.Operation, model, exchange.RequestBody), 0, 0, 0);

    private static LedgerEntry ToEntry(ExchangeContext exchange, bool pending, CostBreakdown breakdown, AttemptRecord[]? attempts)
    {
        // A free operation's answer may quote usage (a retrieved response): billed to another row, it is not this one's.
        var usage = IsFree(exchange.Operation) ? default : exchange.Usage ?? default;
        var now = Stopwatch.GetTimestamp();
        var firstByte = exchange.FirstByteTimestamp;
        return new LedgerEntry
        {
            RequestId = exchange.RequestId,
            Timestamp = exchange.ReceivedAt,
            KeyName = exchange.Key?.Name,
            User = exchange.User,
            Feature = exchange.Feature,
            Team = exchange.Team,
            Tags = exchange.Tags,
            Endpoint = exchange.Endpoint,
            Provider = exchange.Provider,
            RequestedModel = exchange.Request.Model,
            ServedModel = exchange.ServedModel,
            Stream = exchange.Request.Stream,
            InputTokens = usage.InputTokens,
            CachedInputTokens = usage.CachedInputTokens,
            CacheWriteTokens = usage.CacheWriteTokens,
            CacheWrite1hTokens = usage.OneHourCacheWriteTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = pending ? null : exchange.CostUsd,
            BaselineCostUsd = pending ? null : exchange.BaselineCostUsd,
            CacheStatus = exchange.CacheStatus,
            Lever = pending ? null : breakdown.LargestLever,
            Savings = pending ? [] : breakdown.Savings,
            TaskType = exchange.TaskType,
            WorkloadClass = exchange.WorkloadClass,
            LatencyMs = pending ? 0 : Stopwatch.GetElapsedTime(exchange.StartTimestamp, now).TotalMilliseconds,
            TimeToFirstTokenMs = firstByte == 0 ? null : Stopwatch.GetElapsedTime(exchange.StartTimestamp, firstByte).TotalMilliseconds,
            Status = pending ? 0 : exchange.Status,
            Attempts = exchange.Attempts,
            AttemptRecords = attempts ?? [],
            ErrorType = pending ? null : exchange.ErrorType,
            Warning = exchange.Warning,
            OutputCapped = !pending && exchange.OutputCapped,
            ReservedUsd = exchange.BudgetReservation?.Charge.Usd,
            ReservedTokens = exchange.BudgetReservation?.Charge.Tokens,
            ChargedUsd = !pending && exchange.ChargedBack ? exchange.BaselineCostUsd ?? 0m : null,
            AttemptOf = exchange.AttemptOf?.RequestId,
            TaskId = exchange.AttemptOf?.TaskId,
            Valid = pending ? null : exchange.OutputValid,
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No price is known for model {Model} (request {RequestId}); its cost is recorded as unknown.")]
    private static partial void LogUnknownPrice(ILogger logger, string model, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Could not write the ledger row of request {RequestId}.")]
    private static partial void LogLedgerWriteFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Settlement observer {Observer} failed on request {RequestId}; the request and its ledger row are unaffected.")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string observer, string requestId);
}
