using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Outputs;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Pipeline;

/// <summary>The typed output half of the call stage: a whole answer that fails its JSON Schema is asked for again.</summary>
internal sealed partial class CallStage
{
    /// <summary>
    /// Judges a held whole answer against the exchange's JSON Schema, and says whether to ask for it again: only when it
    /// fails the schema, <paramref name="retriesLeft"/> allow, the call has time left and the budgets hold the next
    /// attempt's worst case on top of what the answers asked again for were billed. Its attempt is then completed with
    /// what the provider billed for it (usage, model, <see cref="ErrorTypes.InvalidOutput"/>), so the row bills it as
    /// wasted. An answer too large to hold whole, or that cannot be judged, is returned as it is.
    /// </summary>
    private async ValueTask<bool> AskAgainAsync(ExchangeContext exchange, CallAttempts attempts, HeldAnswer held, int retriesLeft, CancellationToken deadline)
    {
        if (!held.IsWhole || exchange.OutputCheck!.Judge(held.Bytes, isEventStream: false) is not false)
        {
            return false;
        }

        if (retriesLeft == 0)
        {
            return false;
        }

        if (deadline.IsCancellationRequested)
        {
            exchange.AddWarning("the output failed its JSON Schema and was not asked for again: no time was left (UpstreamTimeoutSeconds)");
            return false;
        }

        var facts = default(ResponseFacts);
        ResponseReader.ReadWhole(held.Bytes, held.Protocol, exchange.Operation, ref facts);
        var last = exchange.UpstreamAttempts[^1];
        var model = facts.Model ?? last.Model;
        TokenUsage? usage = facts.HasUsage ? facts.ToUsage() : null;
        var billed = usage is { } used && _pricing.Find(model) is { } price
            ? new BudgetCharge(price.Cost(used), used.InputTokens + used.OutputTokens)
            : BudgetCharge.Zero;

        var target = attempts.Target;
        if (await _reserve.RebookAsync(exchange, target.Model, attempts.Billed + billed).ConfigureAwait(false) is { } refused)
        {
            exchange.AddWarning("the output failed its JSON Schema and was not asked for again: " + refused.Message);
            return false;
        }

        attempts.Billed += billed;
        exchange.CompleteLastAttempt(last with
        {
            Model = model,
            Usage = usage,
            ErrorType = ErrorTypes.InvalidOutput,
            ProviderMayHaveBilled = true,
        });
        LogAskingAgain(_logger, target.Model, retriesLeft, exchange.RequestId);
        return true;
    }

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "The answer of model {Model} for request {RequestId} failed its JSON Schema; asking again ({RetriesLeft} retries left).")]
    private static partial void LogAskingAgain(ILogger logger, string model, int retriesLeft, string requestId);
}
