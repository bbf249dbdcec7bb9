using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;

namespace Tollgate.Core.Stages;

/// <summary>
/// Reads the task type and workload class the client declared, and decides whether the request is eligible
/// for the response cache at all (so <c>x-tollgate-cache</c> says <c>bypass</c> when it is not).
/// </summary>
public sealed class ClassifyStage : IExchangeStage
{
    private static readonly string[] TaskTypes = ["classification", "extraction", "formatting", "summarization", "chat", "reasoning", "creative", "code"];
    private static readonly string[] WorkloadClasses = ["interactive", "deferred", "batch"];

    /// <inheritdoc />
    public string Name => "classify";

    /// <inheritdoc />
    public ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        var hints = exchange.Hints;
        if (hints.Task is { } task)
        {
            var known = Normalise(task, TaskTypes);
            if (known is null)
            {
                exchange.Reject(400, ErrorTypes.InvalidRequest, $"x-tollgate-task must be one of: {string.Join(", ", TaskTypes)}.");
                return ValueTask.CompletedTask;
            }

            exchange.TaskType = known;
        }

        if (hints.WorkloadClass is { } workload)
        {
            var known = Normalise(workload, WorkloadClasses);
            if (known is null)
            {
                exchange.Reject(400, ErrorTypes.InvalidRequest, $"x-tollgate-class must be one of: {string.Join(", ", WorkloadClasses)}.");
                return ValueTask.CompletedTask;
            }

            exchange.WorkloadClass = known;
        }

        exchange.CacheStatus = IsCacheEligible(exchange) ? CacheStatuses.Miss : CacheStatuses.Bypass;
        return next(exchange);
    }

    /// <summary>
    /// Only generations can be cached; the client can opt out with <c>cache-control: no-cache</c> or
    /// <c>no-store</c>.
    /// </summary>
    private static bool IsCacheEligible(ExchangeContext exchange)
    {
        if (exchange.Operation is not (ExchangeOperation.ChatCompletions or ExchangeOperation.Messages or ExchangeOperation.Embeddings))
        {
            return false;
        }

        var cacheControl = exchange.Hints.CacheControl;
        return cacheControl is null
            || (!cacheControl.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
                && !cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase));
    }

    private static string? Normalise(string value, string[] known)
    {
        foreach (var candidate in known)
        {
            if (string.Equals(candidate, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}
