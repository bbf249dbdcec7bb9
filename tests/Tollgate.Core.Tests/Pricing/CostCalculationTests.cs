using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Core.Tests.Pricing;

public sealed class CostCalculationTests
{
    private static readonly PricingCatalog Catalog = PricingCatalog.LoadDefault();

    [Fact]
    public void Plain_input_and_output_are_billed_at_their_prices()
    {
        // gpt-4o-mini: 1,234 × $0.15 + 567 × $0.60 per million = 185.1 + 340.2 = 525.3 µ$
        Assert.Equal(0.0005253m, Catalog.Cost("gpt-4o-mini", new TokenUsage(1234, 0, 0, 567)));
    }

    [Fact]
    public void Cached_input_is_billed_at_the_cached_price()
    {
        // gpt-4o: 1,000 uncached × $2.50 + 3,000 cached × $1.25 + 200 output × $10 per million
        //       = 2,500 + 3,750 + 2,000 = 8,250 µ$
        Assert.Equal(0.00825m, Catalog.Cost("gpt-4o", new TokenUsage(4000, 3000, 0, 200)));
    }

    [Fact]
    public void Cache_writes_are_billed_at_the_cache_write_price()
    {
        // claude-sonnet-4-5: 100 uncached × $3 + 2,000 cache reads × $0.30 + 5,000 cache writes × $3.75
        //                    + 400 output × $15 per million = 300 + 600 + 18,750 + 6,000 = 25,650 µ$
        Assert.Equal(0.02565m, Catalog.Cost("claude-sonnet-4-5", new TokenUsage(7100, 2000, 5000, 400)));
    }

    [Fact]
    public void One_hour_cache_writes_are_billed_at_the_one_hour_price_and_the_rest_at_the_five_minute_price()
    {
        // claude-sonnet-4-5: 100 uncached × $3 + 2,000 cache reads × $0.30 + 4,000 five-minute writes × $3.75
        //                    + 1,000 one-hour writes × $6 + 400 output × $15 per million
        //                    = 300 + 600 + 15,000 + 6,000 + 6,000 = 27,900 µ$
        Assert.Equal(0.0279m, Catalog.Cost("claude-sonnet-4-5", new TokenUsage(7100, 2000, 5000, 400, CacheWrite1hTokens: 1000)));
    }

    [Fact]
    public void Anthropic_batch_work_halves_one_hour_cache_writes_too()
    {
        // claude-3-5-haiku batch: 1,000 uncached × $0.40 + 2,000 one-hour writes × $1.60 × (0.40 / 0.80) + 500 output × $2
        //                         = 400 + 1,600 + 1,000 = 3,000 µ$
        Assert.Equal(0.003m, Catalog.Cost("claude-3-5-haiku", new TokenUsage(3000, 0, 2000, 500, CacheWrite1hTokens: 2000), batch: true));
    }

    [Fact]
    public void Without_a_one_hour_price_one_hour_writes_cost_the_five_minute_price()
    {
        var price = new ModelPrice("m", "test", InputPerMillion: 2m, OutputPerMillion: 4m, CacheWritePerMillion: 2.5m);

        // 1,000 one-hour writes × $2.50 per million.
        Assert.Equal(0.0025m, price.Cost(new TokenUsage(1000, 0, 1000, 0, CacheWrite1hTokens: 1000)));
    }

    [Fact]
    public void One_hour_writes_beyond_the_cache_writes_are_held_to_them()
    {
        // claude-sonnet-4-5: 100 writes, all said to be one-hour (500 claimed): 900 uncached × $3 + 100 × $6 = 2,700 + 600 = 3,300 µ$
        Assert.Equal(0.0033m, Catalog.Cost("claude-sonnet-4-5", new TokenUsage(1000, 0, 100, 0, CacheWrite1hTokens: 500)));
    }

    [Fact]
    public void A_discount_multiplies_every_price_and_the_list_cost_stays_the_price_before_it()
    {
        var list = Catalog.Find("claude-3-5-haiku")!;
        var discounted = list with { DiscountMultiplier = 0.8m };
        var usage = new TokenUsage(13_000, 10_000, 2000, 500, CacheWrite1hTokens: 500);

        // Interactive list: 1,000 × 0.80 + 10,000 × 0.08 + 1,500 × 1.00 + 500 × 1.60 + 500 × 4 = 800 + 800 + 1,500 + 800 + 2,000 = 5,900 µ$
        // Batch list: half of every part = 2,950 µ$. Discounted: × 0.8 = 4,720 and 2,360 µ$.
        Assert.Equal((0.0059m, 0.00295m), (discounted.ListCost(usage), discounted.ListCost(usage, batch: true)));
        Assert.Equal((0.00472m, 0.00236m), (discounted.Cost(usage), discounted.Cost(usage, batch: true)));
        Assert.Equal(list.Cost(usage), list.ListCost(usage));
    }

    [Fact]
    public void Batch_work_is_billed_at_batch_prices()
    {
        // gpt-4.1-mini batch: 10,000 × $0.20 + 1,000 × $0.80 per million = 2,000 + 800 = 2,800 µ$
        Assert.Equal(0.0028m, Catalog.Cost("gpt-4.1-mini", new TokenUsage(10_000, 0, 0, 1000), batch: true));
        Assert.Equal(0.0056m, Catalog.Cost("gpt-4.1-mini", new TokenUsage(10_000, 0, 0, 1000)));
    }

    [Fact]
    public void Anthropic_batch_work_halves_cache_reads_and_writes_too()
    {
        // claude-3-5-haiku batch: 1,000 uncached × $0.40 + 10,000 reads × $0.04 + 2,000 writes × $0.50
        //                         + 500 output × $2 per million = 400 + 400 + 1,000 + 1,000 = 2,800 µ$
        Assert.Equal(0.0028m, Catalog.Cost("claude-3-5-haiku", new TokenUsage(13_000, 10_000, 2000, 500), batch: true));
    }

    [Fact]
    public void OpenAI_batch_work_keeps_the_listed_cached_price()
    {
        // gpt-4o batch: 1,000 uncached × $1.25 + 1,000 cached × $1.25 (not discounted again) + 100 output × $5
        //             = 1,250 + 1,250 + 500 = 3,000 µ$
        Assert.Equal(0.003m, Catalog.Cost("gpt-4o", new TokenUsage(2000, 1000, 0, 100), batch: true));
    }

    [Fact]
    public void Without_a_cached_price_cached_tokens_cost_the_input_price()
    {
        // gpt-3.5-turbo has no cached price: 2,000 × $0.50 per million whether cached or not.
        Assert.Equal(
            Catalog.Cost("gpt-3.5-turbo", new TokenUsage(2000, 0, 0, 0)),
            Catalog.Cost("gpt-3.5-turbo", new TokenUsage(2000, 1500, 0, 0)));
        Assert.Equal(0.001m, Catalog.Cost("gpt-3.5-turbo", new TokenUsage(2000, 1500, 0, 0)));
    }

    [Fact]
    public void Without_a_cache_write_price_cache_writes_cost_the_input_price_even_in_batch()
    {
        var price = new ModelPrice("m", "test", InputPerMillion: 2m, OutputPerMillion: 4m, BatchInputPerMillion: 1m);

        Assert.Equal(0.002m, price.Cost(new TokenUsage(1000, 0, 1000, 0)));
        Assert.Equal(0.001m, price.Cost(new TokenUsage(1000, 0, 1000, 0), batch: true));
    }

    [Fact]
    public void Batch_without_batch_prices_costs_the_same_as_interactive()
    {
        var price = new ModelPrice("m", "test", 3m, 15m, CachedInputPerMillion: 0.3m);
        var usage = new TokenUsage(5000, 1000, 0, 700);

        Assert.Equal(price.Cost(usage), price.Cost(usage, batch: true));
    }

    [Fact]
    public void Embeddings_bill_input_only()
    {
        // text-embedding-3-small: 1,000,000 × $0.02 per million.
        Assert.Equal(0.02m, Catalog.Cost("text-embedding-3-small", new TokenUsage(1_000_000, 0, 0, 0)));
    }

    [Fact]
    public void A_known_model_with_no_tokens_costs_exactly_zero()
    {
        Assert.Equal(0m, Catalog.Cost("gpt-5-nano", default));
    }

    [Fact]
    public void Costs_are_exact_at_large_volumes()
    {
        // gpt-5-nano: 123,456,789 × $0.05 + 987,654,321 × $0.40 per million = 6.17283945 + 395.0617284
        Assert.Equal(401.23456785m, Catalog.Cost("gpt-5-nano", new TokenUsage(123_456_789, 0, 0, 987_654_321)));
    }
}
