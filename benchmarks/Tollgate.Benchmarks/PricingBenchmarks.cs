using BenchmarkDotNet.Attributes;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;

namespace Tollgate.Benchmarks;

/// <summary>Finding a model's price and computing the exact cost of one call.</summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private static readonly TokenUsage Usage = new(InputTokens: 1_214, CachedInputTokens: 1_024, CacheWriteTokens: 0, OutputTokens: 61);
    private PricingCatalog _catalog = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = PricingCatalog.LoadDefault();
        // Resolve the non-canonical names once, as the first request of a running gateway does.
        _catalog.Cost("gpt-4o-mini-2024-07-18", Usage);
        _catalog.Cost("openai/not-a-model", Usage);
    }

    [Benchmark(Baseline = true, Description = "gpt-4o-mini (canonical name)")]
    public decimal? Canonical() => _catalog.Cost("gpt-4o-mini", Usage);

    [Benchmark(Description = "gpt-4o-mini-2024-07-18 (dated snapshot, resolved once)")]
    public decimal? Snapshot() => _catalog.Cost("gpt-4o-mini-2024-07-18", Usage);

    [Benchmark(Description = "unknown model (null price, resolved once)")]
    public decimal? Unknown() => _catalog.Cost("openai/not-a-model", Usage);
}
