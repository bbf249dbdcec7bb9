using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;

namespace Tollgate.Core.Stages;

/// <summary>
/// Reads the task type and workload class the client declared. Whether the request may be cached is the cache stage's
/// to decide (<c>x-tollgate-cache</c> stays <c>bypass</c> for a request refused before it).
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

        return next(exchange);
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
