using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Core.Tokens;
using Tollgate.Gateway.Caching;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// The row a failed embedding call leaves, settled on a real ledger: a call no provider could bill (an error status, no
/// connection) costs nothing; one it may have processed (timed out, abandoned, answered with an unusable vector) is
/// billed the text's tokens as an estimate, and says so; an unknown price is unknown, never zero. A ledger that cannot
/// take the row is logged, never thrown at the request.
/// </summary>
public sealed class SemanticEmbeddingSpendTests : IAsyncLifetime
{
    private const string Model = "text-embedding-3-small";
    private const string Text = "Which team handles refunds for a damaged parcel?";
    private readonly TemporaryStorage _storage = new();
    private readonly RecordingLogger<SemanticEmbeddingSpend> _logger = new();
    private SemanticEmbeddingSpend _spend = null!;

    public Task InitializeAsync()
    {
        var settler = new LedgerSettler(_storage.Ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance);
        _spend = new SemanticEmbeddingSpend(settler, _logger);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Theory]
    [InlineData("status-429", 429, "http_429", false)]
    [InlineData("status-500", 500, "http_500", false)]
    [InlineData("connection-refused", 0, ErrorTypes.UpstreamUnreachable, false)]
    [InlineData("timeout", 0, ErrorTypes.UpstreamTimeout, true)]
    [InlineData("client-left", 0, ErrorTypes.ClientClosed, true)]
    [InlineData("vector-missing", 200, SemanticEmbeddingExchange.UnusableAnswer, true)]
    [InlineData("wrong-dimensions", 200, SemanticEmbeddingExchange.UnusableAnswer, true)]
    public async Task A_failed_call_is_a_row_billed_only_where_the_provider_may_have_billed_it(string failure, int status, string errorType, bool billed)
    {
        var parent = Parent();
        var call = new SemanticEmbeddingExchange(parent, "api.openai.com", Model, Text, DateTimeOffset.UtcNow);

        call.Failed(Failure(failure), clientLeft: failure == "client-left");
        _spend.Record(call);
        await _spend.FlushAsync();

        var row = (await _storage.Ledger.GetAsync(parent.RequestId + SemanticEmbeddingExchange.RequestIdSuffix))!;
        var tokens = billed ? TokenCounter.Shared.CountText(Model, Text) : 0;
        var cost = tokens * 0.02m / 1_000_000m;
        Assert.Equal((status, errorType, tokens, cost, cost), (row.Status, row.ErrorType, row.InputTokens, row.CostUsd, row.BaselineCostUsd));
        Assert.Equal(("/v1/embeddings", "api.openai.com", Model, 1), (row.Endpoint, row.Provider, row.RequestedModel, row.Attempts));
        Assert.Equal(("refunds", "user-9", "support"), (row.Feature, row.User, row.Team));
        var attempt = Assert.Single(row.AttemptRecords);
        Assert.Equal((status, errorType, cost), (attempt.Status, attempt.ErrorType, attempt.CostUsd));
        Assert.Equal(billed, row.Warning?.Contains("usage estimated from the text", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_model_the_catalog_does_not_price_costs_an_unknown_amount_never_zero()
    {
        var parent = Parent();
        var call = new SemanticEmbeddingExchange(parent, "127.0.0.1", "nomic-embed-text", Text, DateTimeOffset.UtcNow);

        call.Failed(Failure("timeout"), clientLeft: false);
        _spend.Record(call);
        await _spend.FlushAsync();

        var row = (await _storage.Ledger.GetAsync(call.RequestId))!;
        Assert.True(row.InputTokens > 0);
        Assert.Equal(((decimal?)null, (decimal?)null), (row.CostUsd, row.BaselineCostUsd));
        Assert.Contains("unknown price for model 'nomic-embed-text'", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_the_ledger_cannot_take_is_logged_and_thrown_at_nobody()
    {
        await _storage.Storage.DisposeAsync();
        var call = new SemanticEmbeddingExchange(Parent(), "127.0.0.1", Model, Text, DateTimeOffset.UtcNow);
        call.Failed(Failure("status-429"), clientLeft: false);

        _spend.Record(call);
        await _spend.FlushAsync();

        var (level, message, _) = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains(call.RequestId, message, StringComparison.Ordinal);
    }

    private static TestExchange Parent() =>
        new("{}", "gpt-4o-mini") { User = "user-9", Feature = "refunds", Team = "support", TaskType = "classification" };

    private static Exception Failure(string kind) => kind switch
    {
        "status-429" => new HttpRequestException("The embeddings endpoint answered 429.", null, HttpStatusCode.TooManyRequests),
        "status-500" => new HttpRequestException("The embeddings endpoint answered 500.", null, HttpStatusCode.InternalServerError),
        "connection-refused" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
        "timeout" => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException()),
        "client-left" => new OperationCanceledException(),
        "vector-missing" => new HttpRequestException("The embeddings endpoint left out a vector.", null, HttpStatusCode.OK),
        "wrong-dimensions" => new InvalidOperationException("The embedder made a 768-dimensional vector; the index holds 1536."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
