using Tollgate.Gateway.Caching;
using Tollgate.Gateway.Controls;
using Tollgate.Gateway.Hosting;

namespace Tollgate.Gateway.Tests.Controls;

/// <summary>
/// The input and output controls as settings: a feature's values replace the global ones they set, contradictions and
/// impossible values are refused at start and on reload, and a change of any of them changes the cache's fingerprint.
/// </summary>
public sealed class ControlSettingsTests
{
    [Fact]
    public void A_features_values_replace_the_global_ones_it_sets_and_keep_the_others()
    {
        var options = new GatewayOptions
        {
            Output = new OutputOptions { DefaultMaxTokens = 100, MaxTokensCap = 400, StopSequences = ["END"], ConciseInstruction = "true" },
            Input = new InputOptions { MaxTokens = 8000 },
        };
        var feature = new FeatureOptions
        {
            Enabled = false,
            Model = "gpt-4.1-mini",
            Output = new OutputOptions { MaxTokensCap = 200, ConciseInstruction = "Reply in one line." },
            Input = new InputOptions { OverLimit = InputOverLimit.Trim },
        };

        var merged = RequestControls.Merge(options, feature);
        var global = RequestControls.Merge(options, null);

        Assert.Equal(
            (false, "gpt-4.1-mini", 100, 200, "Reply in one line.", 8000, InputOverLimit.Trim),
            (merged.Enabled, merged.Model, merged.DefaultMaxTokens, merged.MaxTokensCap, merged.ConciseInstruction, merged.MaxInputTokens, merged.OverLimit));
        Assert.Equal(["END"], merged.StopSequences);
        Assert.Equal((true, RequestControls.BuiltInConciseInstruction, InputOverLimit.Reject), (global.Enabled, global.ConciseInstruction, global.OverLimit));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("false", null)]
    [InlineData("False", null)]
    [InlineData("true", RequestControls.BuiltInConciseInstruction)]
    [InlineData(" Be terse. ", "Be terse.")]
    public void A_concise_instruction_is_a_switch_or_a_text(string? setting, string? expected) =>
        Assert.Equal(expected, RequestControls.ConciseText(setting));

    [Fact]
    public void Impossible_and_contradictory_controls_are_refused_with_the_key_named()
    {
        var options = new GatewayOptions
        {
            Output = new OutputOptions { DefaultMaxTokens = 0, StopSequences = [""] },
            Input = new InputOptions { MaxTokens = -1, OverLimit = (InputOverLimit)7 },
        };
        options.Features["search"] = new FeatureOptions { Model = "gpt x\n", Output = new OutputOptions { DefaultMaxTokens = 500, MaxTokensCap = 100 } };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Output:DefaultMaxTokens must be at least 1; it is 0.", result.Failures);
        Assert.Contains("Output:StopSequences:0 must not be empty.", result.Failures);
        Assert.Contains("Input:MaxTokens must be at least 1; it is -1.", result.Failures);
        Assert.Contains("Input:OverLimit must be Reject or Trim.", result.Failures);
        Assert.Contains(result.Failures, failure => failure.StartsWith("Features:search:Model must name a model", StringComparison.Ordinal));
        Assert.Contains("Features:search:Output:DefaultMaxTokens (500) must not be over the MaxTokensCap that applies (100).", result.Failures);
    }

    [Fact]
    public void Sound_controls_pass()
    {
        var options = new GatewayOptions { Output = new OutputOptions { DefaultMaxTokens = 100, MaxTokensCap = 100 } };
        options.Features["search"] = new FeatureOptions { Model = "gpt-4o-mini", Enabled = false, Input = new InputOptions { MaxTokens = 1, OverLimit = InputOverLimit.Trim } };

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_change_of_a_global_or_feature_control_changes_the_cache_fingerprint_and_none_leaves_it_unset()
    {
        var plain = CacheSettings.From(new GatewayOptions());
        var capped = CacheSettings.From(new GatewayOptions { Output = new OutputOptions { MaxTokensCap = 100 } });
        var cappedLower = CacheSettings.From(new GatewayOptions { Output = new OutputOptions { MaxTokensCap = 50 } });
        var withFeature = new GatewayOptions { Output = new OutputOptions { MaxTokensCap = 100 } };
        withFeature.Features["search"] = new FeatureOptions { Model = "gpt-4o-mini" };
        var feature = CacheSettings.From(withFeature);

        Assert.Null(plain.Defaults.Fingerprint);
        Assert.NotNull(capped.Defaults.Fingerprint);
        Assert.NotEqual(capped.Defaults.Fingerprint, cappedLower.Defaults.Fingerprint);
        Assert.NotEqual(capped.Defaults.Fingerprint, feature.For("search").Fingerprint);
        Assert.StartsWith(capped.Defaults.Fingerprint!, feature.For("search").Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_retries_are_one_unless_set_and_a_features_own_count_replaces_the_global_one()
    {
        var options = new GatewayOptions();
        options.Features["strict"] = new FeatureOptions { Output = new OutputOptions { ValidationRetries = 0 } };
        options.Features["plain"] = new FeatureOptions { Enabled = true };
        var raised = new GatewayOptions { Output = new OutputOptions { ValidationRetries = 3 } };
        raised.Features["strict"] = new FeatureOptions { Output = new OutputOptions { ValidationRetries = 0 } };
        raised.Features["plain"] = new FeatureOptions { Output = new OutputOptions { MaxTokensCap = 100 } };

        Assert.Equal(1, RequestControls.Merge(options, null).ValidationRetries);
        Assert.Equal(0, RequestControls.Merge(options, options.Features["strict"]).ValidationRetries);
        Assert.Equal(1, RequestControls.Merge(options, options.Features["plain"]).ValidationRetries);
        Assert.Equal(3, RequestControls.Merge(raised, raised.Features["plain"]).ValidationRetries);
        Assert.Equal(0, RequestControls.Merge(raised, raised.Features["strict"]).ValidationRetries);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void Validation_retries_outside_zero_to_five_are_refused_with_the_key_named(int retries)
    {
        var options = new GatewayOptions();
        options.Features["labels"] = new FeatureOptions { Output = new OutputOptions { ValidationRetries = retries } };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Features:labels:Output:ValidationRetries must be between 0 and 5; it is {retries}.", result.Failures!);
    }
}
