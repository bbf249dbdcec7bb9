using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Relay;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Relay.Framing;

/// <summary>The <c>x-tollgate-*</c> headers a response starts with.</summary>
public sealed class TollgateResponseHeadersTests
{
    private static IHeaderDictionary Apply(ExchangeContext exchange)
    {
        var context = new DefaultHttpContext();
        TollgateHeaders.Apply(context.Response, exchange);
        return context.Response.Headers;
    }

    [Fact]
    public void The_model_header_names_the_model_that_served()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { ServedModel = "gpt-4o-mini-2024-07-18" };

        Assert.Equal("gpt-4o-mini-2024-07-18", Apply(exchange)["x-tollgate-model"].ToString());
    }

    [Fact]
    public void The_model_header_names_the_requested_model_until_a_provider_answers()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini");

        Assert.Equal("gpt-4o-mini", Apply(exchange)["x-tollgate-model"].ToString());
    }

    [Fact]
    public void A_request_without_a_model_gets_no_model_header()
    {
        var exchange = new TestExchange("{}", "m") { Request = default };

        Assert.False(Apply(exchange).ContainsKey("x-tollgate-model"));
    }

    [Fact]
    public void The_cache_header_carries_the_cache_status()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { CacheStatus = CacheStatuses.Miss };

        Assert.Equal("miss", Apply(exchange)["x-tollgate-cache"].ToString());
    }

    [Fact]
    public void The_cost_header_is_sent_only_once_the_call_is_settled()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { CostUsd = 0.00045m };
        Assert.False(Apply(exchange).ContainsKey("x-tollgate-cost-usd"));

        exchange.Settled = true;

        Assert.Equal("0.00045", Apply(exchange)["x-tollgate-cost-usd"].ToString());
    }

    [Fact]
    public void An_unknown_cost_is_sent_as_unknown_never_zero()
    {
        var exchange = new TestExchange("{}", "house-model") { Settled = true, CostUsd = null };

        Assert.Equal("unknown", Apply(exchange)["x-tollgate-cost-usd"].ToString());
    }
}
