using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;

namespace Tollgate.Core.Settlement;

/// <summary>The attempts half of the settler: a row that needed several provider calls is billed the sum of them, each at its own model.</summary>
public sealed partial class LedgerSettler
{
    /// <summary>
    /// Records each attempt in <paramref name="records"/> and returns the sum of what they were billed, each at its own
    /// model; null when any price is unknown.
    /// </summary>
    private decimal? PriceAttempts(ExchangeContext exchange, IReadOnlyList<UpstreamAttempt> attempts, AttemptRecord[] records)
    {
        var free = IsFree(exchange.Operation);
        decimal? total = 0m;
        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = i == attempts.Count - 1 ? Completed(exchange, attempts[i]) : attempts[i];
            var usage = attempt.Usage;
            decimal? cost = 0m;
            if (!free && (usage is not null || attempt.ProviderMayHaveBilled))
            {
                if (usage is null)
                {
                    usage = EstimateInput(exchange, attempt.Model);
                    exchange.AddWarning($"usage of attempt {i + 1} estimated from the prompt; the provider reported none");
                }

                var price = _pricing.Find(attempt.Model);
                cost = price?.Cost(usage.Value, attempt.BilledAsBatch);
                if (cost is null)
                {
                    WarnUnknownPrice(exchange, attempt.Model);
                }
                else if (i == attempts.Count - 1 && exchange.AnsweredBy is null)
                {
                    // The built-in tool calls are those of the answer the exchange carries: the last attempt's.
                    cost += ToolCharge(exchange, price).CostUsd;
                }
            }

            total += cost;
            var tokens = usage ?? default;
            records[i] = new AttemptRecord
            {
                Number = i + 1,
                Provider = attempt.Provider,
                Model = attempt.Model,
                Status = attempt.Status,
                ErrorType = attempt.ErrorType,
                InputTokens = tokens.InputTokens,
                CachedInputTokens = tokens.CachedInputTokens,
                CacheWriteTokens = tokens.CacheWriteTokens,
                CacheWrite1hTokens = tokens.OneHourCacheWriteTokens,
                OutputTokens = tokens.OutputTokens,
                CostUsd = cost,
                LatencyMs = attempt.LatencyMs,
            };
        }

        return total;
    }
}
