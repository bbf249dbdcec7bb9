using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>The settled row's baseline and per-lever savings, as written to and read back from the real ledger.</summary>
public sealed class LedgerSettlerSavingsTests : SettledLedgerTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Summarise the attached report."}]}""";

    [Fact]
    public async Task A_request_saved_by_routing_prompt_cache_and_batch_at_once_keeps_each_saving_in_its_row()
    {
        // claude-sonnet-4-5 asked, claude-haiku-4-5 served through the Batch API with Tollgate's cache hints:
        // baseline 45,000 µ$, cost 5,050 µ$; routing 30,000, prompt cache 4,900, batch 5,050 (see CostBreakdownTests).
        var exchange = new TestExchange(Body, "claude-sonnet-4-5") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = "claude-haiku-4-5-20251001";
        exchange.Usage = new TokenUsage(10_000, 6_000, 2_000, 1_000);
        exchange.BilledAsBatch = true;
        exchange.PromptCacheHintsAdded = true;

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal((0.00505m, 0.045m), (row!.CostUsd, row.BaselineCostUsd));
        Assert.Equal(
            [new LeverSaving(Levers.Routing, 0.03m), new LeverSaving(Levers.PromptCache, 0.0049m), new LeverSaving(Levers.Batch, 0.00505m)],
            row.Savings);
        Assert.Equal(row.BaselineCostUsd - row.CostUsd, row.Savings.Sum(saving => saving.SavedUsd));
        Assert.Equal(Levers.Routing, row.Lever);
        Assert.Equal((0.00505m, 0.045m), (exchange.CostUsd, exchange.BaselineCostUsd));
    }

    [Fact]
    public async Task Cached_tokens_without_tollgate_hints_are_the_provider_caches_saving()
    {
        // gpt-4o, 3,000 of 4,000 prompt tokens cached by the provider: baseline 12,000 µ$, cost 8,250 µ$.
        var exchange = new TestExchange(Body, "gpt-4o") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(4_000, 3_000, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal([new LeverSaving(Levers.ProviderCache, 0.00375m)], row!.Savings);
        Assert.Equal(Levers.ProviderCache, row.Lever);
    }

    [Theory]
    [InlineData(Levers.Exact)]
    [InlineData(Levers.Semantic)]
    [InlineData(Levers.Coalesced)]
    public async Task An_answer_given_without_an_upstream_call_costs_nothing_and_saves_the_whole_baseline(string lever)
    {
        // gpt-4o-mini on the answer's tokens: 1,234 × 0.15 + 567 × 0.60 = 525.3 µ$.
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Status = 200, AnsweredBy = lever };
        exchange.Usage = new TokenUsage(1_234, 0, 0, 567);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal((0m, 0.0005253m), (row!.CostUsd, row.BaselineCostUsd));
        Assert.Equal([new LeverSaving(lever, 0.0005253m)], row.Savings);
        Assert.Equal(lever, row.Lever);
    }

    [Fact]
    public async Task A_plain_pass_through_row_has_no_savings_and_no_lever()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = "gpt-4o-mini-2024-07-18";
        exchange.Usage = new TokenUsage(1_234, 0, 0, 567);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal((0.0005253m, 0.0005253m), (row!.CostUsd, row.BaselineCostUsd));
        Assert.Empty(row.Savings);
        Assert.Null(row.Lever);
    }

    [Fact]
    public async Task An_unpriced_served_model_leaves_cost_and_baseline_null_and_invents_no_saving()
    {
        var exchange = new TestExchange(Body, "gpt-4o") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = "house-model-7b";
        exchange.Usage = new TokenUsage(1_000, 500, 0, 100);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Null(row!.CostUsd);
        Assert.Null(row.BaselineCostUsd);
        Assert.Empty(row.Savings);
        Assert.Contains("unknown price for model 'house-model-7b'", row.Warning, StringComparison.Ordinal);
    }
}
