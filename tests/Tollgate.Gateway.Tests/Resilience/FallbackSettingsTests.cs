using Tollgate.Core.Pricing;
using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Resilience;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// Fallback chains and resilience settings, checked at start and on every change: a chain of priced models is
/// accepted; an unpriced model, a model chained to itself, a model named twice, a cycle and an out-of-range setting are
/// refused, each naming its setting.
/// </summary>
public sealed class FallbackSettingsTests
{
    private static readonly FallbackSettingsValidator Validator = new(PricingCatalog.LoadDefault());

    [Fact]
    public void Chains_of_priced_models_are_accepted()
    {
        var options = new GatewayOptions();
        options.Fallbacks["gpt-4o"] = ["gpt-4o-mini", "gpt-4.1-nano"];
        options.Fallbacks["claude-sonnet-4-5"] = ["claude-haiku-4-5"];
        options.Features["drafts"] = new FeatureOptions { Fallbacks = new() { ["gpt-4o"] = ["gpt-4.1-mini"] } };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Unpriced_repeated_and_self_chained_models_are_refused_naming_the_setting()
    {
        var options = new GatewayOptions();
        options.Fallbacks["gpt-4o"] = ["house-model-7", "gpt-4o", "gpt-4o-mini", "gpt-4o-mini"];
        options.Features["drafts"] = new FeatureOptions { Fallbacks = new() { ["gpt-4o-mini"] = [" "] } };

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, failure => failure.StartsWith("Fallbacks:gpt-4o:0 names 'house-model-7', which the pricing catalog does not price", StringComparison.Ordinal));
        Assert.Contains("Fallbacks:gpt-4o:1 names 'gpt-4o' itself: a model cannot fall back to itself.", failures);
        Assert.Contains("Fallbacks:gpt-4o:3 names 'gpt-4o-mini' a second time.", failures);
        Assert.Contains(failures, failure => failure.StartsWith("Features:drafts:Fallbacks:gpt-4o-mini:0 must name a model", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_is_refused_with_its_path()
    {
        var options = new GatewayOptions();
        options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
        options.Fallbacks["gpt-4o-mini"] = ["gpt-4.1-nano"];
        options.Fallbacks["gpt-4.1-nano"] = ["gpt-4o"];

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Contains("Fallbacks:gpt-4o makes a cycle: gpt-4o → gpt-4o-mini → gpt-4.1-nano → gpt-4o. A fallback chain must end.", failures);
    }

    [Fact]
    public void Resilience_settings_out_of_range_are_refused_naming_the_setting()
    {
        var options = new GatewayOptions();
        options.Resilience.MaxRetries = -1;
        options.Resilience.CircuitBreaker.MinimumThroughput = 1;
        options.Resilience.Timeouts.InteractiveSeconds = double.NaN;

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Contains("Resilience:MaxRetries must be from 0 to 10; it is -1.", failures);
        Assert.Contains("Resilience:CircuitBreaker:MinimumThroughput must be at least 2; it is 1.", failures);
        Assert.Contains(failures, failure => failure.StartsWith("Resilience:Timeouts:InteractiveSeconds must be from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_features_chain_replaces_the_gateways_for_the_features_requests()
    {
        await using var gateway = await FallbackGateway.StartAsync(options =>
        {
            options.Resilience.MaxRetries = 0;
            options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
            options.Features["drafts"] = new FeatureOptions { Fallbacks = new() { ["gpt-4o"] = ["gpt-4.1-nano"] } };
        });
        const string body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Draft a note. [[fault:500@gpt-4o]]"}]}""";

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json(body) };
        request.Headers.Add("x-tollgate-feature", "drafts");
        using var drafts = await gateway.Gateway.Http.SendAsync(request);
        using var plain = await GatewayCalls.SendAsync(gateway.Gateway.Http, "v1/chat/completions", body);

        Assert.Equal(["gpt-4o", "gpt-4.1-nano"], gateway.UpstreamModels((await GatewayCalls.ReadAsync(drafts)).RequestId));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], gateway.UpstreamModels((await GatewayCalls.ReadAsync(plain)).RequestId));
    }

    [Fact]
    public async Task A_gateway_with_a_cycle_does_not_start()
    {
        var refused = await Assert.ThrowsAsync<GatewayStartupException>(() => InProcessGateway.StartAsync(options =>
        {
            options.Fallbacks["gpt-4o"] = ["gpt-4o-mini"];
            options.Fallbacks["gpt-4o-mini"] = ["gpt-4o"];
        }));

        Assert.Contains("Fallbacks:gpt-4o makes a cycle", refused.Message, StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
