using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>
/// Built-in tool calls billed per call: their price from the catalog's <c>tool_calls</c> is part of the row's cost, of
/// its baseline and of the answering attempt's cost; a kind the catalog cannot price leaves the row marked incomplete.
/// </summary>
public sealed class LedgerSettlerToolCallTests : SettledLedgerTests
{
    private const string Body = """{"model":"gpt-4o","input":"Wie hoch steht der Rhein in Basel?","tools":[{"type":"web_search"},{"type":"file_search","vector_store_ids":["vs_1"]}]}""";

    [Fact]
    public async Task Priced_tool_calls_add_their_catalog_price_to_the_cost_and_the_baseline()
    {
        var exchange = Responses();
        exchange.BuiltInToolCalls = new BuiltInToolCalls(WebSearch: 2, FileSearch: 1, CodeInterpreter: 0, ImageGeneration: 0);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        // gpt-4o: 1,000 × 2.50 + 200 × 10 = 4,500 µ$ of tokens; 2 web searches × $0.01 + 1 file search × $0.0025 = $0.0225.
        Assert.Equal(0.027m, row!.CostUsd);
        Assert.Equal(0.027m, row.BaselineCostUsd);
        Assert.Empty(row.Savings);
        Assert.Null(row.Warning);
    }

    [Fact]
    public async Task A_tool_kind_without_a_price_is_named_in_a_warning_and_the_priced_ones_still_count()
    {
        var exchange = Responses();
        exchange.BuiltInToolCalls = new BuiltInToolCalls(WebSearch: 1, FileSearch: 0, CodeInterpreter: 0, ImageGeneration: 1);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        // 4,500 µ$ of tokens + one web search at $0.01; the image generation call has no per-call price.
        Assert.Equal(0.0145m, row!.CostUsd);
        Assert.Equal("cost incomplete: the provider bills built-in tool calls per call and the pricing catalog lists no per-call price for 1 image_generation_call", row.Warning);
    }

    [Fact]
    public async Task Routing_saves_the_tokens_but_not_the_tool_calls_both_models_make()
    {
        var exchange = Responses();
        exchange.ServedModel = "gpt-4o-mini";
        exchange.BuiltInToolCalls = new BuiltInToolCalls(WebSearch: 1, 0, 0, 0);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        // Baseline gpt-4o: 4,500 µ$ + $0.01. Served gpt-4o-mini: 1,000 × 0.15 + 200 × 0.60 = 270 µ$ + $0.01.
        Assert.Equal(0.01027m, row!.CostUsd);
        Assert.Equal(0.0145m, row.BaselineCostUsd);
        Assert.Equal([new LeverSaving(Levers.Routing, 0.00423m)], row.Savings);
    }

    [Fact]
    public async Task The_tool_calls_are_billed_to_the_attempt_whose_answer_reported_them()
    {
        var exchange = Responses();
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error" });
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, ProviderMayHaveBilled = true });
        exchange.BuiltInToolCalls = new BuiltInToolCalls(WebSearch: 1, 0, 0, 0);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal(0.0145m, row!.CostUsd);
        Assert.Equal([0m, 0.0145m], row.AttemptRecords.Select(attempt => attempt.CostUsd));
    }

    private static TestExchange Responses()
    {
        var exchange = new TestExchange(Body, "gpt-4o", ExchangeOperation.Responses)
        {
            Status = 200,
            ProviderMayHaveBilled = true,
            Provider = "openai",
        };
        exchange.ServedModel = "gpt-4o";
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);
        return exchange;
    }
}
