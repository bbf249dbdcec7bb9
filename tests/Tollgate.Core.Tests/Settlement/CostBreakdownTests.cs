using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>
/// Cost, baseline and per-lever savings against hand-computed figures from the published prices in the built-in
/// catalog (USD per million tokens; 1 token at $1/M = 1 µ$).
/// </summary>
public sealed class CostBreakdownTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadDefault();

    [Fact]
    public void Routing_prompt_cache_and_batch_each_save_their_step_and_add_up_to_baseline_minus_cost()
    {
        // Asked for claude-sonnet-4-5 ($3 in, $15 out), served by claude-haiku-4-5 ($1 in, $0.10 cache read,
        // $1.25 cache write, $5 out; batch halves all of them) through the Batch API, with Tollgate's cache hints.
        // 10,000 prompt tokens: 6,000 cache reads, 2,000 cache writes, 2,000 plain; 1,000 output.
        var usage = new TokenUsage(10_000, 6_000, 2_000, 1_000);

        var breakdown = CostBreakdown.ForCall(Catalog.Find("claude-sonnet-4-5"), Catalog.Find("claude-haiku-4-5"), usage, batch: true, Levers.PromptCache);

        // baseline: sonnet, all uncached: 10,000 × 3 + 1,000 × 15                          = 45,000 µ$
        // routed:   haiku, all uncached:  10,000 × 1 + 1,000 × 5                           = 15,000 µ$  routing      30,000 µ$
        // cached:   haiku: 2,000 × 1 + 6,000 × 0.10 + 2,000 × 1.25 + 1,000 × 5
        //                = 2,000 + 600 + 2,500 + 5,000                                     = 10,100 µ$  prompt cache  4,900 µ$
        // cost:     haiku batch: 2,000 × 0.5 + 6,000 × 0.05 + 2,000 × 0.625 + 1,000 × 2.5
        //                = 1,000 + 300 + 1,250 + 2,500                                     =  5,050 µ$  batch         5,050 µ$
        // 30,000 + 4,900 + 5,050 = 39,950 = 45,000 − 5,050
        Assert.Equal(0.045m, breakdown.BaselineCostUsd);
        Assert.Equal(0.00505m, breakdown.CostUsd);
        Assert.Equal(
            [new LeverSaving(Levers.Routing, 0.03m), new LeverSaving(Levers.PromptCache, 0.0049m), new LeverSaving(Levers.Batch, 0.00505m)],
            breakdown.Savings);
        Assert.Equal(breakdown.BaselineCostUsd - breakdown.CostUsd, breakdown.Savings.Sum(saving => saving.SavedUsd));
        Assert.Equal(Levers.Routing, breakdown.LargestLever);
    }

    [Fact]
    public void A_degrade_saves_the_step_from_the_model_it_left_and_routing_the_step_before_it()
    {
        // Asked for gpt-4.1 ($2 in, $8 out), pinned to gpt-4.1-mini ($0.40, $1.60), degraded by a budget to
        // gpt-4.1-nano ($0.10, $0.40), which served; 1,000 in, 500 out.
        // baseline: 1,000 × 2 + 500 × 8       = 6,000 µ$
        // routed:   1,000 × 0.4 + 500 × 1.6   = 1,200 µ$  routing 4,800 µ$
        // degraded: 1,000 × 0.1 + 500 × 0.4   =   300 µ$  degrade   900 µ$
        var usage = new TokenUsage(1_000, 0, 0, 500);

        var pinned = CostBreakdown.ForCall(Catalog.Find("gpt-4.1"), Catalog.Find("gpt-4.1-nano"), usage, batch: false, Levers.ProviderCache, degradedFrom: Catalog.Find("gpt-4.1-mini"));
        var asked = CostBreakdown.ForCall(Catalog.Find("gpt-4.1"), Catalog.Find("gpt-4.1-nano"), usage, batch: false, Levers.ProviderCache, degradedFrom: Catalog.Find("gpt-4.1"));

        Assert.Equal((0.006m, 0.0003m), (pinned.BaselineCostUsd, pinned.CostUsd));
        Assert.Equal([new LeverSaving(Levers.Routing, 0.0048m), new LeverSaving(Levers.Degrade, 0.0009m)], pinned.Savings);
        Assert.Equal((0.006m, 0.0003m), (asked.BaselineCostUsd, asked.CostUsd));
        Assert.Equal([new LeverSaving(Levers.Degrade, 0.0057m)], asked.Savings);
        Assert.Equal(Levers.Degrade, asked.LargestLever);
    }

    [Fact]
    public void A_plain_pass_through_costs_its_baseline_and_saves_nothing()
    {
        // gpt-4o-mini as asked: 1,234 × 0.15 + 567 × 0.60 = 185.1 + 340.2 = 525.3 µ$, no lever acted.
        var price = Catalog.Find("gpt-4o-mini");

        var breakdown = CostBreakdown.ForCall(price, price, new TokenUsage(1_234, 0, 0, 567), batch: false, Levers.ProviderCache);

        Assert.Equal(0.0005253m, breakdown.CostUsd);
        Assert.Equal(0.0005253m, breakdown.BaselineCostUsd);
        Assert.Empty(breakdown.Savings);
        Assert.Null(breakdown.LargestLever);
    }

    [Fact]
    public void A_cheaper_model_saves_the_price_difference_under_routing()
    {
        // Asked for gpt-4o ($2.50 in, $10 out), served by gpt-4o-mini ($0.15, $0.60); 1,000 in, 500 out.
        // baseline 1,000 × 2.5 + 500 × 10 = 7,500 µ$; cost 1,000 × 0.15 + 500 × 0.6 = 450 µ$; routing 7,050 µ$.
        var breakdown = CostBreakdown.ForCall(Catalog.Find("gpt-4o"), Catalog.Find("gpt-4o-mini"), new TokenUsage(1_000, 0, 0, 500), batch: false, Levers.ProviderCache);

        Assert.Equal((0.0075m, 0.00045m), (breakdown.BaselineCostUsd, breakdown.CostUsd));
        Assert.Equal([new LeverSaving(Levers.Routing, 0.00705m)], breakdown.Savings);
    }

    [Fact]
    public void Cached_tokens_the_provider_chose_to_cache_are_the_provider_caches_saving()
    {
        // gpt-4o: 4,000 prompt tokens of which 3,000 cached ($1.25 instead of $2.50), 200 output at $10.
        // baseline 4,000 × 2.5 + 200 × 10 = 12,000 µ$; cost 1,000 × 2.5 + 3,000 × 1.25 + 2,000 = 8,250 µ$.
        var price = Catalog.Find("gpt-4o");

        var breakdown = CostBreakdown.ForCall(price, price, new TokenUsage(4_000, 3_000, 0, 200), batch: false, Levers.ProviderCache);

        Assert.Equal([new LeverSaving(Levers.ProviderCache, 0.00375m)], breakdown.Savings);
        Assert.Equal(0.012m - 0.00825m, breakdown.Savings[0].SavedUsd);
    }

    [Fact]
    public void A_cache_write_costs_more_than_plain_input_and_is_kept_as_a_negative_saving()
    {
        // claude-sonnet-4-5: 5,000 prompt tokens all written to the cache at $3.75 instead of $3, 100 output at $15.
        // baseline 5,000 × 3 + 1,500 = 16,500 µ$; cost 5,000 × 3.75 + 1,500 = 20,250 µ$; prompt cache −3,750 µ$.
        var price = Catalog.Find("claude-sonnet-4-5");

        var breakdown = CostBreakdown.ForCall(price, price, new TokenUsage(5_000, 0, 5_000, 100), batch: false, Levers.PromptCache);

        Assert.Equal([new LeverSaving(Levers.PromptCache, -0.00375m)], breakdown.Savings);
        Assert.Equal(breakdown.BaselineCostUsd - breakdown.CostUsd, breakdown.Savings[0].SavedUsd);
        Assert.Null(breakdown.LargestLever);
    }

    [Fact]
    public void An_answer_from_the_cache_costs_nothing_and_saves_the_whole_baseline()
    {
        // gpt-4o-mini on the stored answer's tokens: 1,234 × 0.15 + 567 × 0.60 = 525.3 µ$, all saved by the exact cache.
        var price = Catalog.Find("gpt-4o-mini");

        var breakdown = CostBreakdown.ForAnswerWithoutCall(price, price, new TokenUsage(1_234, 0, 0, 567), Levers.Exact);

        Assert.Equal((0m, 0.0005253m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Exact, 0.0005253m)], breakdown.Savings);
        Assert.Equal(Levers.Exact, breakdown.LargestLever);
    }

    [Fact]
    public void An_unknown_served_price_leaves_cost_and_baseline_unknown_and_saves_nothing()
    {
        var breakdown = CostBreakdown.ForCall(Catalog.Find("gpt-4o"), Catalog.Find("house-model-7b"), new TokenUsage(1_000, 0, 0, 500), batch: false, Levers.ProviderCache);

        Assert.Null(breakdown.CostUsd);
        Assert.Null(breakdown.BaselineCostUsd);
        Assert.Empty(breakdown.Savings);
    }

    [Fact]
    public void An_unknown_requested_price_claims_no_routing_saving()
    {
        // A deployment name the catalog does not know, served as gpt-4o-mini: the baseline starts at gpt-4o-mini.
        var served = Catalog.Find("gpt-4o-mini");

        var breakdown = CostBreakdown.ForCall(Catalog.Find("my-deployment"), served, new TokenUsage(1_234, 0, 0, 567), batch: false, Levers.ProviderCache);

        Assert.Equal((0.0005253m, 0.0005253m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Empty(breakdown.Savings);
    }

    [Fact]
    public void A_cached_answer_for_an_unpriced_model_costs_nothing_with_an_unknown_baseline()
    {
        var breakdown = CostBreakdown.ForAnswerWithoutCall(null, null, new TokenUsage(10, 0, 0, 10), Levers.Semantic);

        Assert.Equal(0m, breakdown.CostUsd);
        Assert.Null(breakdown.BaselineCostUsd);
        Assert.Empty(breakdown.Savings);
    }

    [Fact]
    public void A_negotiated_discount_is_its_own_step_and_the_levers_save_in_the_money_actually_paid()
    {
        // Asked for claude-sonnet-4-5 at 20 % off (× 0.8), served by claude-haiku-4-5 at 10 % off (× 0.9);
        // 10,000 prompt tokens, 1,000 output.
        var requested = Catalog.Find("claude-sonnet-4-5")! with { DiscountMultiplier = 0.8m };
        var served = Catalog.Find("claude-haiku-4-5")! with { DiscountMultiplier = 0.9m };

        var breakdown = CostBreakdown.ForCall(requested, served, new TokenUsage(10_000, 0, 0, 1_000), batch: false, Levers.ProviderCache);

        // baseline:   sonnet at list prices: 10,000 × 3 + 1,000 × 15           = 45,000 µ$
        // discounted: sonnet × 0.8                                              = 36,000 µ$  discount  9,000 µ$
        // cost:       haiku: (10,000 × 1 + 1,000 × 5) × 0.9 = 15,000 × 0.9      = 13,500 µ$  routing  22,500 µ$
        Assert.Equal((0.0135m, 0.045m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Discount, 0.009m), new LeverSaving(Levers.Routing, 0.0225m)], breakdown.Savings);
        Assert.Equal(breakdown.BaselineCostUsd - breakdown.CostUsd, breakdown.Savings.Sum(saving => saving.SavedUsd));
        Assert.Equal(Levers.Routing, breakdown.LargestLever);
    }

    [Fact]
    public void A_discount_alone_is_no_lever_of_the_row()
    {
        // gpt-4o-mini at half price: 1,234 × 0.15 + 567 × 0.60 = 525.3 µ$ at list, 262.65 µ$ paid.
        var price = Catalog.Find("gpt-4o-mini")! with { DiscountMultiplier = 0.5m };

        var breakdown = CostBreakdown.ForCall(price, price, new TokenUsage(1_234, 0, 0, 567), batch: false, Levers.ProviderCache);

        Assert.Equal((0.00026265m, 0.0005253m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Discount, 0.00026265m)], breakdown.Savings);
        Assert.Null(breakdown.LargestLever);
    }

    [Fact]
    public void An_answer_from_the_cache_saves_the_discounted_baseline_and_the_discount_stays_apart()
    {
        // gpt-4o-mini at half price on the answer's tokens: 525.3 µ$ at list, of which the discount is 262.65 µ$ and the
        // cache hit saved the 262.65 µ$ that would have been paid.
        var price = Catalog.Find("gpt-4o-mini")! with { DiscountMultiplier = 0.5m };

        var breakdown = CostBreakdown.ForAnswerWithoutCall(price, price, new TokenUsage(1_234, 0, 0, 567), Levers.Exact);

        Assert.Equal((0m, 0.0005253m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Discount, 0.00026265m), new LeverSaving(Levers.Exact, 0.00026265m)], breakdown.Savings);
        Assert.Equal(Levers.Exact, breakdown.LargestLever);
    }

    [Fact]
    public void One_hour_cache_writes_are_a_prompt_cache_step_at_their_own_price()
    {
        // claude-sonnet-4-5 as asked, 10,000 prompt tokens of which 2,000 written for an hour ($6 instead of $3):
        // baseline 10,000 × 3 = 30,000 µ$; cost 8,000 × 3 + 2,000 × 6 = 36,000 µ$; the cache step costs 6,000 µ$ more.
        var price = Catalog.Find("claude-sonnet-4-5");

        var breakdown = CostBreakdown.ForCall(price, price, new TokenUsage(10_000, 0, 2_000, 0, CacheWrite1hTokens: 2_000), batch: false, Levers.ProviderCache);

        Assert.Equal((0.036m, 0.03m), (breakdown.CostUsd, breakdown.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.ProviderCache, -0.006m)], breakdown.Savings);
    }
}
