using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;
using Tollgate.Gateway;
using Tollgate.Gateway.Routing;

namespace Tollgate.Benchmarks;

/// <summary>
/// The route stage's routing decision: the feature's rule looked up under the options in force, then
/// <see cref="ModelRouter.Decide"/> (the body scanned once, the tier from the declared task or the classifier, the
/// tier's model checked for the capabilities the request uses); and the classifier alone on a 2 KB prompt.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private static readonly byte[] ShortRequest = Payloads.SmallChatRequest;
    private static readonly byte[] TwoKilobyteRequest = TierConfusion.ChatBody(TwoKilobytePrompt()).WrittenSpan.ToArray();
    private RoutingRules _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pricing = PricingCatalog.LoadDefault();
        var options = new GatewayOptions();
        options.Features["support"] = new FeatureOptions { Routing = new FeatureRoutingOptions { Task = "classification" } };
        options.Features["assistant"] = new FeatureOptions { Routing = new FeatureRoutingOptions { RewriteModel = true } };
        _rules = new RoutingRules(new FixedOptions(options), pricing, ModelCatalog.Load(pricing));
        if (Declared() != "gpt-4.1-nano" || Classified() != "gpt-4.1")
        {
            throw new InvalidOperationException("The routing benchmark's requests are not routed as expected.");
        }
    }

    [Benchmark(Baseline = true, Description = "rule lookup + decision, task declared (short chat request)")]
    public string? Declared() =>
        ModelRouter.Decide(_rules.For("support")!, _rules.Catalog, WireProtocol.OpenAI, "auto", null, ShortRequest, hasTools: false).Model;

    [Benchmark(Description = "rule lookup + decision, classifier (2 KB prompt)")]
    public string? Classified() =>
        ModelRouter.Decide(_rules.For("assistant")!, _rules.Catalog, WireProtocol.OpenAI, "auto", null, TwoKilobyteRequest, hasTools: false).Model;

    [Benchmark(Description = "classifier alone (2 KB prompt)")]
    public ModelTier Classifier() => ComplexityClassifier.Classify(TwoKilobyteRequest);

    /// <summary>A GSM8K-style word problem padded with narrative to about 2 KB.</summary>
    private static string TwoKilobytePrompt()
    {
        const string Narrative = "The farm sits at the edge of the valley, where the road turns toward the river and the old mill. ";
        var prompt = string.Concat(Enumerable.Repeat(Narrative, 20));
        return prompt + "Janet's ducks lay 16 eggs per day. She eats three for breakfast and sells the rest at $2 each. How much does she make every day?";
    }

    private sealed class FixedOptions(GatewayOptions options) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => options;

        public GatewayOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
