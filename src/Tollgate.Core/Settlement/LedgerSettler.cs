using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Settlement;

/// <summary>
/// Turns an exchange into its ledger row: prices the provider's reported usage, records the baseline, and
/// writes the row durably. A request that goes upstream is written twice: pending before the call (so a
/// crash mid-call still leaves a row) and settled after it, before the response's last byte is sent.
/// </summary>
public sealed partial class LedgerSettler
{
    private readonly ILedgerStore _ledger;
    private readonly PricingCatalog _pricing;
    private readonly ILogger<LedgerSettler> _logger;

    /// <summary>Creates a settler.</summary>
    public LedgerSettler(ILedgerStore ledger, PricingCatalog pricing, ILogger<LedgerSettler> logger)
    {
        _ledger = ledger;
        _pricing = pricing;
        _logger = logger;
    }

    /// <summary>Writes the pending row for an exchange about to call its provider.</summary>
    public async ValueTask RecordPendingAsync(ExchangeContext exchange, CancellationToken cancellationToken = default)
    {
        if (exchange.PendingRecorded || exchange.Settled)
        {
            return;
        }

        await _ledger.WriteAsync(ToEntry(exchange, pending: true), cancellationToken).ConfigureAwait(false);
        exchange.PendingRecorded = true;
    }

    /// <summary>
    /// Prices the exchange and writes its final row; completes once the row is durable. Runs once: later
    /// calls do nothing. A ledger failure is logged and rethrown so the caller fails the request instead of
    /// answering without a record.
    /// </summary>
    public async ValueTask SettleAsync(ExchangeContext exchange, CancellationToken cancellationToken = default)
    {
        if (exchange.Settled)
        {
            return;
        }

        exchange.Settled = true;
        Price(exchange);
        var entry = ToEntry(exchange, pending: false);
        try
        {
            await _ledger.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLedgerWriteFailed(_logger, exception, exchange.RequestId);
            throw;
        }
    }

    private void Price(ExchangeContext exchange)
    {
        if (exchange.Operation is ExchangeOperation.Models or ExchangeOperation.CountTokens)
        {
            exchange.CostUsd = 0m; // free operations
            exchange.BaselineCostUsd ??= 0m;
            return;
        }

        if (exchange.Usage is null)
        {
            if (!exchange.ProviderMayHaveBilled)
            {
                // Rejected, unreachable, or answered with an error status: providers bill none of these.
                exchange.CostUsd = 0m;
                exchange.BaselineCostUsd ??= 0m;
                return;
            }

            // Sent, but no usage came back (client gone, stream cut, timeout): the provider bills what it
            // processed, so record the counted prompt rather than nothing, and say it is an estimate.
            exchange.Usage = EstimateInput(exchange);
            exchange.UsageEstimated = true;
            exchange.AddWarning("usage estimated from the prompt; the provider reported none");
        }

        var model = exchange.ServedModel ?? exchange.Request.Model;
        var cost = _pricing.Cost(model, exchange.Usage.Value, batch: exchange.BilledAsBatch);
        if (cost is null)
        {
            LogUnknownPrice(_logger, model ?? "(none)", exchange.RequestId);
            exchange.AddWarning($"unknown price for model '{model}'");
        }

        exchange.CostUsd = cost;
        exchange.BaselineCostUsd ??= cost;
    }

    private static TokenUsage EstimateInput(ExchangeContext exchange)
    {
        if (exchange.RequestBody.IsEmpty)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(exchange.RequestBody);
            var input = TokenCounter.Shared.EstimateRequestInput(exchange.Protocol, exchange.Request.Model, document.RootElement);
            return new TokenUsage(input, 0, 0, 0);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static LedgerEntry ToEntry(ExchangeContext exchange, bool pending)
    {
        var usage = exchange.Usage ?? default;
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
            Endpoint = exchange.Endpoint,
            Provider = exchange.Provider,
            RequestedModel = exchange.Request.Model,
            ServedModel = exchange.ServedModel,
            Stream = exchange.Request.Stream,
            InputTokens = usage.InputTokens,
            CachedInputTokens = usage.CachedInputTokens,
            CacheWriteTokens = usage.CacheWriteTokens,
            OutputTokens = usage.OutputTokens,
            CostUsd = pending ? null : exchange.CostUsd,
            BaselineCostUsd = pending ? null : exchange.BaselineCostUsd,
            CacheStatus = exchange.CacheStatus,
            TaskType = exchange.TaskType,
            WorkloadClass = exchange.WorkloadClass,
            LatencyMs = pending ? 0 : Stopwatch.GetElapsedTime(exchange.StartTimestamp, now).TotalMilliseconds,
            TimeToFirstTokenMs = firstByte == 0 ? null : Stopwatch.GetElapsedTime(exchange.StartTimestamp, firstByte).TotalMilliseconds,
            Status = pending ? 0 : exchange.Status,
            Attempts = exchange.Attempts,
            ErrorType = pending ? null : exchange.ErrorType,
            Warning = exchange.Warning,
        };
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No price is known for model {Model} (request {RequestId}); its cost is recorded as unknown.")]
    private static partial void LogUnknownPrice(ILogger logger, string model, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Could not write the ledger row of request {RequestId}.")]
    private static partial void LogLedgerWriteFailed(ILogger logger, Exception exception, string requestId);
}
