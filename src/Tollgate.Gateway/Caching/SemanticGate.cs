using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Which requests the semantic cache may answer, decided from what is already read before anything is embedded: a
/// paraphrase should get the same answer only where the answer follows from the meaning of one message (a label, an
/// extracted field, a reformatting), not in a chat, a conversation or a tool call, unless the feature says so.
/// </summary>
internal static class SemanticGate
{
    /// <summary>The request header that sets the similarity threshold of one request.</summary>
    public const string ThresholdHeader = "x-tollgate-similarity-threshold";

    /// <summary>The task types <c>x-tollgate-task</c> knows (the classify stage refuses others).</summary>
    public static readonly string[] TaskTypes = ["classification", "extraction", "formatting", "summarization", "chat", "reasoning", "creative", "code"];

    private static readonly string[] s_stable = ["classification", "extraction", "formatting"];

    /// <summary>Whether <paramref name="task"/> is a task type (any case).</summary>
    public static bool IsTaskType(string task) => Normalise(task) is not null;

    /// <summary>The task type <paramref name="task"/> names, lower-cased; null when it names none.</summary>
    public static string? Normalise(string task)
    {
        foreach (var known in TaskTypes)
        {
            if (string.Equals(known, task.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>
    /// The last user message to compare by meaning, or false when the semantic cache does not apply: the feature says
    /// never; or, by default, the task type is not a stable one, the request carries tools, continues a stored
    /// response, or is more than one user message.
    /// </summary>
    public static bool TryAdmit(ExchangeContext exchange, FeatureCacheSettings feature, out LastUserMessage message)
    {
        message = default;
        if (feature.Semantic == SemanticMode.Never)
        {
            return false;
        }

        if (feature.Semantic == SemanticMode.Auto
            && (!IsStable(exchange.TaskType ?? feature.Task) || exchange.Request.HasTools || exchange.Request.PreviousResponseId is not null))
        {
            return false;
        }

        return LastUserMessage.TryFind(exchange.RequestBody.Span, exchange.Operation, out message)
            && (message.SingleTurn || feature.Semantic == SemanticMode.Always)
            && !string.IsNullOrWhiteSpace(message.Text);
    }

    /// <summary>
    /// The similarity threshold of <paramref name="exchange"/>: its <c>x-tollgate-similarity-threshold</c> (0 to 1; any
    /// other value is ignored), else the feature's, else <paramref name="embedderDefault"/>.
    /// </summary>
    public static float Threshold(ExchangeContext exchange, FeatureCacheSettings feature, float embedderDefault)
    {
        if (exchange is HttpExchange http
            && http.HttpContext.Request.Headers.TryGetValue(ThresholdHeader, out var values)
            && values.Count == 1
            && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var requested)
            && requested is >= 0 and <= 1)
        {
            return (float)requested;
        }

        return feature.SimilarityThreshold is { } configured ? (float)configured : embedderDefault;
    }

    private static bool IsStable(string? task) => task is not null && Array.IndexOf(s_stable, task) >= 0;
}
