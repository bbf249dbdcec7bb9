using Tollgate.Gateway.Hosting;
using Tollgate.Gateway.Metrics;

namespace Tollgate.Gateway.Tests.Metrics;

/// <summary>The bound on a label's values, and the checks of <c>Tollgate:Metrics</c>.</summary>
public sealed class LabelValueCapTests
{
    [Fact]
    public void The_first_values_are_kept_and_later_ones_are_other()
    {
        var cap = new LabelValueCap(max: 2);

        Assert.Equal(["alpha", "beta", "other", "alpha", "other"], new[] { "alpha", "beta", "gamma", "alpha", "delta" }.Select(cap.Admit));
        Assert.Equal(2, cap.Count);
    }

    [Fact]
    public void An_absent_value_is_none_and_a_very_long_one_is_other_without_taking_a_place()
    {
        var cap = new LabelValueCap(max: 1);

        Assert.Equal(("none", "none", "other"), (cap.Admit(null), cap.Admit(""), cap.Admit(new string('x', LabelValueCap.MaxValueLength + 1))));
        Assert.Equal("search", cap.Admit("search"));
    }

    [Theory]
    [InlineData(0, null, null, "Metrics:MaxLabelValues must be from 1 to 10000; it is 0.")]
    [InlineData(100, "collector:4318", null, "Metrics:OtlpEndpoint must be an absolute http(s) URL such as http://collector:4318; it is 'collector:4318'.")]
    [InlineData(100, "http://collector:4318", "udp", "Metrics:OtlpProtocol must be grpc or http/protobuf; it is 'udp'.")]
    public void A_bad_metrics_setting_is_refused_at_start_naming_it(int maxLabelValues, string? endpoint, string? protocol, string message)
    {
        var options = new GatewayOptions { Metrics = new MetricsOptions { MaxLabelValues = maxLabelValues, OtlpEndpoint = endpoint, OtlpProtocol = protocol } };

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures);
    }
}
