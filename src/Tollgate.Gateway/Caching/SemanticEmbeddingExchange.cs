using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.Semantic;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// One call the semantic cache made to an OpenAI-compatible embeddings endpoint on behalf of a request, settled as a
/// ledger row of its own (<see cref="SemanticEmbeddingSpend"/>): the request's id followed by <see cref="RequestIdSuffix"/>,
/// the route <c>/v1/embeddings</c>, the endpoint's host as the provider, the embedding model, the tokens the endpoint
/// reported, and the request's key, user, feature, team, task type and workload class. No lever acts on it, so its
/// baseline is its cost. Nothing is answered through it.
/// </summary>
internal sealed class SemanticEmbeddingExchange : ExchangeContext
{
    /// <summary>What follows the request's id in the id of its embedding row.</summary>
    public const string RequestIdSuffix = ".embedding";

    /// <summary>The route the row is recorded under, as a client's own embeddings call would be.</summary>
    public const string Route = "/v1/embeddings";

    /// <summary>Error type of an answer the endpoint made (and billed) but whose vector could not be used.</summary>
    public const string UnusableAnswer = "embedding_unusable";

    private readonly string _text;

    /// <summary>A call about to be made for <paramref name="parent"/>: <paramref name="text"/> to <paramref name="model"/> at <paramref name="host"/>.</summary>
    public SemanticEmbeddingExchange(ExchangeContext parent, string host, string model, string text, DateTimeOffset startedAt)
        : base(parent.RequestId + RequestIdSuffix, WireProtocol.OpenAI, ExchangeOperation.Embeddings, Route, startedAt)
    {
        _text = text;
        Request = new RequestFacts { Model = model };
        Key = parent.Key;
        User = parent.User;
        Feature = parent.Feature;
        Team = parent.Team;
        TaskType = parent.TaskType;
        WorkloadClass = parent.WorkloadClass;
        Provider = host;
    }

    public override bool ResponseStarted => true;

    /// <summary>The endpoint answered with a vector: the tokens it reported (counted from the text when it reported none).</summary>
    public void Answered(SemanticPrompt prompt)
    {
        Status = 200;
        Attempts = 1;
        ServedModel = prompt.Model;
        ProviderMayHaveBilled = true;
        if (prompt.Usage?.InputTokenCount is { } input)
        {
            Usage = new TokenUsage(input, 0, 0, 0);
        }
        else
        {
            Estimate();
        }
    }

    /// <summary>
    /// The call failed. An error status, or no connection at all, is billed nothing; a call that may have been processed
    /// (timed out, abandoned by the client, answered with a vector that could not be used) is billed the tokens of the
    /// text, counted here, as an estimate. The row keeps the failed attempt, as a failed provider call's row does.
    /// </summary>
    public void Failed(Exception exception, bool clientLeft)
    {
        var (status, errorType, billed) = exception switch
        {
            HttpRequestException { StatusCode: { } code } when (int)code is < 200 or >= 300 =>
                ((int)code, "http_" + ((int)code).ToString(CultureInfo.InvariantCulture), false),
            HttpRequestException { StatusCode: { } code } => ((int)code, UnusableAnswer, true),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } =>
                (0, ErrorTypes.UpstreamUnreachable, false),
            OperationCanceledException when clientLeft => (0, ErrorTypes.ClientClosed, true),
            OperationCanceledException => (0, ErrorTypes.UpstreamTimeout, true),
            JsonException or InvalidOperationException => (200, UnusableAnswer, true),
            _ => (0, ErrorTypes.UpstreamUnreachable, true),
        };

        Status = status;
        ErrorType = errorType;
        ProviderMayHaveBilled = billed;
        if (billed)
        {
            Estimate();
        }

        AddAttempt(new UpstreamAttempt
        {
            Provider = Provider,
            Model = Request.Model,
            Status = status,
            ErrorType = errorType,
            Usage = Usage,
            ProviderMayHaveBilled = billed,
            LatencyMs = Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds,
        });
    }

    protected override ValueTask WriteAnswerAsync(ExchangeAnswer answer, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("An embedding call made for the semantic cache answers nobody.");

    private void Estimate()
    {
        Usage = new TokenUsage(TokenCounter.Shared.CountText(Request.Model, _text), 0, 0, 0);
        UsageEstimated = true;
        AddWarning("usage estimated from the text; the embedder reported none");
    }
}
