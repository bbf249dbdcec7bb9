using Microsoft.Extensions.Configuration;
using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// The semantic cache's settings: the keys <c>tollgate serve</c> accepts, what the validator refuses (naming the key),
/// and how a feature's settings fall back to the defaults.
/// </summary>
public sealed class SemanticSettingsTests
{
    [Fact]
    public void The_semantic_settings_are_known_keys()
    {
        var configuration = Configuration(new()
        {
            ["Tollgate:Cache:Semantic:Enabled"] = "false",
            ["Tollgate:Cache:Semantic:Embedder"] = "OpenAI",
            ["Tollgate:Cache:Semantic:Endpoint"] = "http://127.0.0.1:8080/v1",
            ["Tollgate:Cache:Semantic:Model"] = "text-embedding-3-small",
            ["Tollgate:Cache:Semantic:ApiKey"] = "sk-embed",
            ["Tollgate:Cache:Semantic:Dimensions"] = "512",
            ["Tollgate:Cache:Semantic:SimilarityThreshold"] = "0.93",
            ["Tollgate:Features:triage:Cache:Semantic"] = "Always",
            ["Tollgate:Features:triage:Cache:SimilarityThreshold"] = "0.95",
            ["Tollgate:Features:triage:Cache:Task"] = "classification",
        });

        UnknownSettingsCheck.Run(configuration);

        var bound = configuration.GetSection("Tollgate").Get<GatewayOptions>()!;
        Assert.Equal(SemanticEmbedder.OpenAI, bound.Cache.Semantic.Embedder);
        Assert.Equal(512, bound.Cache.Semantic.Dimensions);
        Assert.Equal(SemanticMode.Always, bound.Features["triage"].Cache.Semantic);
        Assert.Equal("classification", bound.Features["triage"].Cache.Task);
    }

    [Fact]
    public void A_misspelt_semantic_setting_is_refused()
    {
        var configuration = Configuration(new() { ["Tollgate:Cache:Semantic:Treshold"] = "0.9" });

        var refusal = Assert.Throws<GatewayStartupException>(() => UnknownSettingsCheck.Run(configuration));

        Assert.Contains("'Tollgate:Cache:Semantic:Treshold'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_similarity_threshold_outside_0_to_1_is_refused(double threshold)
    {
        var options = new GatewayOptions();
        options.Features = new() { ["triage"] = new FeatureOptions { Cache = new FeatureCacheOptions { SimilarityThreshold = threshold } } };
        options.Cache.Semantic.SimilarityThreshold = threshold;

        var failures = Failures(options);

        Assert.Contains(failures, failure => failure.StartsWith("Cache:Semantic:SimilarityThreshold must be from 0 to 1", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Features:triage:Cache:SimilarityThreshold must be from 0 to 1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_OpenAI_embedder_needs_an_endpoint_and_a_model()
    {
        var options = new GatewayOptions();
        options.Cache.Semantic.Embedder = SemanticEmbedder.OpenAI;
        options.Cache.Semantic.Endpoint = "not a url";

        var failures = Failures(options);

        Assert.Contains(failures, failure => failure.StartsWith("Cache:Semantic:Endpoint ", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Cache:Semantic:Model ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_feature_task_that_is_no_task_type_is_refused()
    {
        var options = new GatewayOptions();
        options.Features = new() { ["triage"] = new FeatureOptions { Cache = new FeatureCacheOptions { Task = "poetry" } } };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Features:triage:Cache:Task must be one of: classification, extraction", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_semantic_settings_are_valid()
    {
        var options = new GatewayOptions();
        options.Features = new() { ["triage"] = new FeatureOptions { Cache = new FeatureCacheOptions { Semantic = SemanticMode.Never, SimilarityThreshold = 0.97, Task = "Extraction" } } };

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void A_feature_without_its_own_threshold_takes_the_configured_one_and_its_task_type_is_normalised()
    {
        var options = new GatewayOptions();
        options.Cache.Semantic.SimilarityThreshold = 0.93;
        options.Features = new()
        {
            ["triage"] = new FeatureOptions { Cache = new FeatureCacheOptions { Task = "Extraction" } },
            ["strict"] = new FeatureOptions { Cache = new FeatureCacheOptions { SimilarityThreshold = 0.99, Semantic = SemanticMode.Never } },
        };

        var settings = CacheSettings.From(options);

        Assert.Equal((0.93, "extraction", SemanticMode.Auto), (settings.For("triage").SimilarityThreshold, settings.For("triage").Task, settings.For("triage").Semantic));
        Assert.Equal((0.99, SemanticMode.Never), (settings.For("strict").SimilarityThreshold, settings.For("strict").Semantic));
        Assert.Equal(0.93, settings.For(null).SimilarityThreshold);
    }

    private static string[] Failures(GatewayOptions options)
    {
        var result = new GatewayOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToArray() : [];
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
