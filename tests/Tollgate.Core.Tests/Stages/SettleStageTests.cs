using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

/// <summary>Whatever happens further in, the exchange leaves one settled row that says how it ended.</summary>
public sealed class SettleStageTests : IAsyncLifetime
{
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
    private readonly TemporaryStorage _storage = new();
    private SettleStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = new SettleStage(new LedgerSettler(_storage.Ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task A_completed_exchange_leaves_its_settled_row()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini");

        await _stage.InvokeAsync(exchange, inner =>
        {
            inner.Status = 200;
            inner.ProviderMayHaveBilled = true;
            inner.Usage = new TokenUsage(1000, 0, 0, 500);
            return ValueTask.CompletedTask;
        });
        var row = await RowAsync(exchange);

        Assert.Equal(200, row.Status);
        Assert.Null(row.ErrorType);
        // gpt-4o-mini: 1,000 × $0.15 + 500 × $0.60 per million = 150 + 300 = 450 µ$
        Assert.Equal(0.00045m, row.CostUsd);
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(200, 500)]
    [InlineData(429, 429)]
    [InlineData(502, 502)]
    public async Task A_failure_further_in_is_recorded_as_an_internal_error_and_rethrown(int statusBefore, int statusRecorded)
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _stage.InvokeAsync(exchange, inner =>
        {
            inner.Status = statusBefore;
            throw new InvalidOperationException("bug further in");
        }).AsTask());
        var row = await RowAsync(exchange);

        Assert.Equal(statusRecorded, row.Status);
        Assert.Equal(ErrorTypes.Internal, row.ErrorType);
    }

    [Fact]
    public async Task A_failure_after_an_error_was_decided_keeps_that_error()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _stage.InvokeAsync(exchange, inner =>
        {
            inner.Status = 504;
            inner.ErrorType = ErrorTypes.UpstreamTimeout;
            throw new InvalidOperationException("failed while writing the error");
        }).AsTask());
        var row = await RowAsync(exchange);

        Assert.Equal(504, row.Status);
        Assert.Equal(ErrorTypes.UpstreamTimeout, row.ErrorType);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public async Task A_client_that_goes_away_is_recorded_as_499_and_the_cancellation_goes_on(int statusBefore)
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini");

        await Assert.ThrowsAsync<OperationCanceledException>(() => _stage.InvokeAsync(exchange, inner =>
        {
            inner.Status = statusBefore;
            throw new OperationCanceledException();
        }).AsTask());
        var row = await RowAsync(exchange);

        Assert.Equal(499, row.Status);
        Assert.Equal(ErrorTypes.ClientClosed, row.ErrorType);
    }

    [Fact]
    public async Task A_client_that_goes_away_after_the_provider_refused_keeps_the_providers_error()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini");

        await Assert.ThrowsAsync<OperationCanceledException>(() => _stage.InvokeAsync(exchange, inner =>
        {
            inner.Status = 429;
            inner.ErrorType = "rate_limit_exceeded";
            throw new OperationCanceledException();
        }).AsTask());
        var row = await RowAsync(exchange);

        Assert.Equal(429, row.Status);
        Assert.Equal("rate_limit_exceeded", row.ErrorType);
    }

    private async Task<LedgerEntry> RowAsync(ExchangeContext exchange)
    {
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);
        Assert.NotNull(row);
        Assert.False(row.IsPending);
        return row;
    }
}
