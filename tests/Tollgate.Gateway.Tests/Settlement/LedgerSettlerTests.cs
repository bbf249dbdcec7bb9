using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Settlement;

public sealed class LedgerSettlerTests : IAsyncLifetime
{
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"How many tokens is this prompt, roughly?"}]}""";
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedStorage _storage = null!;
    private LedgerSettler _settler = null!;

    public Task InitializeAsync()
    {
        _storage = EmbeddedStorage.Open(_directory.Path);
        _settler = new LedgerSettler(_storage.Ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_priced_call_costs_the_catalog_price_of_its_reported_usage()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = "gpt-4o-mini-2024-07-18";
        exchange.Usage = new TokenUsage(1000, 0, 0, 500);

        await _settler.SettleAsync(exchange);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);

        var expected = PricingCatalog.LoadDefault().Cost("gpt-4o-mini-2024-07-18", new TokenUsage(1000, 0, 0, 500));
        Assert.NotNull(expected);
        Assert.Equal(expected, row!.CostUsd);
        Assert.Equal(expected, row.BaselineCostUsd);
        Assert.Null(row.Warning);
    }

    [Fact]
    public async Task An_unknown_model_costs_null_with_a_warning_never_zero()
    {
        var exchange = new TestExchange(Body, "house-model-7b") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(10, 0, 0, 10);

        await _settler.SettleAsync(exchange);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Null(row!.CostUsd);
        Assert.Contains("unknown price", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_the_provider_refused_costs_nothing()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 429, ErrorType = "rate_limit_exceeded", ProviderMayHaveBilled = false };

        await _settler.SettleAsync(exchange);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal(0m, row!.CostUsd);
        Assert.Equal(429, row.Status);
        Assert.Equal("rate_limit_exceeded", row.ErrorType);
    }

    [Fact]
    public async Task An_interrupted_call_is_estimated_from_its_prompt_and_says_so()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 499, ErrorType = ErrorTypes.ClientClosed, ProviderMayHaveBilled = true };

        await _settler.SettleAsync(exchange);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);

        Assert.True(row!.InputTokens > 5);
        Assert.True(row.CostUsd > 0m);
        Assert.Contains("estimated", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_row_is_replaced_by_the_settled_row()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1 };
        await _settler.RecordPendingAsync(exchange);
        Assert.True((await _storage.Ledger.GetAsync(exchange.RequestId))!.IsPending);

        exchange.Status = 200;
        exchange.ProviderMayHaveBilled = true;
        exchange.Usage = new TokenUsage(3, 0, 0, 4);
        await _settler.SettleAsync(exchange);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);

        Assert.False(row!.IsPending);
        Assert.Equal(4, row.OutputTokens);
        Assert.Equal(1, await _storage.Ledger.CountAsync());
    }

    [Fact]
    public async Task Settling_twice_writes_once()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(3, 0, 0, 4);
        await _settler.SettleAsync(exchange);

        exchange.Usage = new TokenUsage(300, 0, 0, 400);
        await _settler.SettleAsync(exchange);

        Assert.Equal(4, (await _storage.Ledger.GetAsync(exchange.RequestId))!.OutputTokens);
    }

    [Fact]
    public async Task A_call_served_inline_is_priced_at_standard_rates_whatever_class_it_asked_for()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.WorkloadClass = "batch";
        exchange.Usage = new TokenUsage(1000, 0, 0, 500);

        await _settler.SettleAsync(exchange);

        var standard = PricingCatalog.LoadDefault().Cost("gpt-4o-mini", new TokenUsage(1000, 0, 0, 500), batch: false);
        Assert.Equal(standard, (await _storage.Ledger.GetAsync(exchange.RequestId))!.CostUsd);
    }

    [Fact]
    public async Task Listing_models_is_free()
    {
        var exchange = new TestExchange(string.Empty, "none", ExchangeOperation.Models) { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };

        await _settler.SettleAsync(exchange);

        Assert.Equal(0m, (await _storage.Ledger.GetAsync(exchange.RequestId))!.CostUsd);
    }
}
