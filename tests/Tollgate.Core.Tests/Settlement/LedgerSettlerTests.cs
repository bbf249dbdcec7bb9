using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

public sealed class LedgerSettlerTests : SettledLedgerTests
{
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"How many tokens is this prompt, roughly?"}]}""";

    [Fact]
    public async Task A_priced_call_costs_the_catalog_price_of_its_reported_usage()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = "gpt-4o-mini-2024-07-18";
        exchange.Usage = new TokenUsage(1000, 0, 0, 500);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

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

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Null(row!.CostUsd);
        Assert.Contains("unknown price", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_the_provider_refused_costs_nothing()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 429, ErrorType = "rate_limit_exceeded", ProviderMayHaveBilled = false };

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal(0m, row!.CostUsd);
        Assert.Equal(429, row.Status);
        Assert.Equal("rate_limit_exceeded", row.ErrorType);
    }

    [Fact]
    public async Task An_interrupted_call_is_estimated_from_its_prompt_and_says_so()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 499, ErrorType = ErrorTypes.ClientClosed, ProviderMayHaveBilled = true };

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.True(row!.InputTokens > 5);
        Assert.True(row.CostUsd > 0m);
        Assert.Contains("estimated", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_row_is_replaced_by_the_settled_row()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1 };
        await Settler.RecordPendingAsync(exchange);
        Assert.True((await Storage.Ledger.GetAsync(exchange.RequestId))!.IsPending);

        exchange.Status = 200;
        exchange.ProviderMayHaveBilled = true;
        exchange.Usage = new TokenUsage(3, 0, 0, 4);
        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.False(row!.IsPending);
        Assert.Equal(4, row.OutputTokens);
        Assert.Equal(1, await Storage.Ledger.CountAsync());
    }

    [Fact]
    public async Task Settling_twice_writes_once()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(3, 0, 0, 4);
        await Settler.SettleAsync(exchange);

        exchange.Usage = new TokenUsage(300, 0, 0, 400);
        await Settler.SettleAsync(exchange);

        Assert.Equal(4, (await Storage.Ledger.GetAsync(exchange.RequestId))!.OutputTokens);
    }

    [Fact]
    public async Task A_call_served_inline_is_priced_at_standard_rates_whatever_class_it_asked_for()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.WorkloadClass = "batch";
        exchange.Usage = new TokenUsage(1000, 0, 0, 500);

        await Settler.SettleAsync(exchange);

        var standard = PricingCatalog.LoadDefault().Cost("gpt-4o-mini", new TokenUsage(1000, 0, 0, 500), batch: false);
        Assert.Equal(standard, (await Storage.Ledger.GetAsync(exchange.RequestId))!.CostUsd);
    }

    [Fact]
    public async Task Listing_models_is_free()
    {
        var exchange = new TestExchange(string.Empty, "none", ExchangeOperation.Models) { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };

        await Settler.SettleAsync(exchange);

        Assert.Equal(0m, (await Storage.Ledger.GetAsync(exchange.RequestId))!.CostUsd);
    }
}
