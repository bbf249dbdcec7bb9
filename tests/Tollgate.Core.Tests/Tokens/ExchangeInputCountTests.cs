using System.Text;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Pricing;
using Tollgate.Core.Tokens;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Tokens;

/// <summary>
/// The prompt count kept on an exchange (<see cref="TokenCounter.EstimateExchangeInput"/>): the rate limits and the
/// budgets' worst case read the same count of one request, and a body or tokenizer that changed is counted again.
/// "hello world" is 2 o200k tokens and "user" 1; the reply priming and each message's framing add 3.
/// </summary>
public sealed class ExchangeInputCountTests
{
    private const string HelloWorld = """{ "messages": [ { "role": "user", "content": "hello world" } ], "max_tokens": 10 }""";

    private readonly TokenCounter _counter = new();

    [Fact]
    public void Counts_the_body_as_the_body_estimate_does()
    {
        var exchange = new TestExchange(HelloWorld, "gpt-4o-mini");

        Assert.Equal(9, _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));
        Assert.Equal(_counter.EstimateBodyInput(WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, "gpt-4o-mini", exchange.RequestBody), _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));
    }

    [Fact]
    public void The_same_body_is_not_counted_again_for_a_model_of_the_same_tokenizer()
    {
        var exchange = new TestExchange(HelloWorld, "gpt-4o-mini");
        _counter.EstimateExchangeInput(exchange, "gpt-4o-mini");

        // A count the exchange keeps is the one returned: mark it, and the mark comes back.
        exchange.InputCount = exchange.InputCount!.Value with { Tokens = 1234 };

        Assert.Equal(1234, _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));
        Assert.Equal(1234, _counter.EstimateExchangeInput(exchange, "gpt-4o"));
    }

    [Fact]
    public void A_body_replaced_by_a_lever_is_counted_again()
    {
        var exchange = new TestExchange(HelloWorld, "gpt-4o-mini");
        Assert.Equal(9, _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));

        // An input cap trims a conversation by giving the exchange another body.
        exchange.RequestBody = Encoding.UTF8.GetBytes("""{ "messages": [ { "role": "user", "content": "hello world" }, { "role": "user", "content": "hello world" } ] }""");

        Assert.Equal(15, _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));
    }

    [Fact]
    public void A_model_of_another_tokenizer_is_counted_again()
    {
        var exchange = new TestExchange(HelloWorld, "gpt-4o-mini");
        Assert.Equal(9, _counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));

        // Routed to Claude: o200k × 1.15, rounded up per piece of text ("user" 2, "hello world" 3).
        Assert.Equal(3 + 3 + 2 + 3, _counter.EstimateExchangeInput(exchange, "claude-sonnet-4-5"));
    }

    [Fact]
    public void A_body_that_is_not_json_has_no_count()
    {
        var exchange = new TestExchange("{ not json", "gpt-4o-mini");

        Assert.Null(_counter.EstimateExchangeInput(exchange, "gpt-4o-mini"));
        Assert.Equal(0, _counter.EstimateBodyInput(WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, "gpt-4o-mini", exchange.RequestBody));
    }

    [Fact]
    public void The_worst_case_reads_the_count_the_rate_limits_made()
    {
        var exchange = new TestExchange(HelloWorld, "gpt-4o-mini") { Request = new RequestFacts { Model = "gpt-4o-mini", MaxTokens = 10 } };
        var price = PricingCatalog.LoadDefault().Find("gpt-4o-mini");
        TokenCounter.Shared.EstimateExchangeInput(exchange, "gpt-4o-mini");
        exchange.InputCount = exchange.InputCount!.Value with { Tokens = 1000 };

        Assert.Equal(1000 + 10, WorstCaseCost.Of(exchange, "gpt-4o-mini", price).Charge.Tokens);
    }

    [Fact]
    public void The_worst_case_of_a_body_that_is_not_json_is_bounded_by_its_length()
    {
        var exchange = new TestExchange("{ not json", "gpt-4o-mini") { Request = new RequestFacts { Model = "gpt-4o-mini", MaxTokens = 10 } };

        Assert.Equal("{ not json".Length, WorstCaseCost.InputTokens(exchange, "gpt-4o-mini"));
    }
}
