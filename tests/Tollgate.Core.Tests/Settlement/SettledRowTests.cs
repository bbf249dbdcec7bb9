using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>What the settled ledger row of a call says, field by field, and that a settled row stays settled.</summary>
public sealed class SettledRowTests : SettledLedgerTests
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";

    private static TestExchange Served(string requested, string? served)
    {
        var exchange = new TestExchange(Body, requested) { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.ServedModel = served;
        exchange.Usage = new TokenUsage(1000, 0, 0, 500);
        return exchange;
    }

    [Fact]
    public async Task A_call_is_priced_at_the_model_that_served_it_not_the_one_asked_for()
    {
        var exchange = Served("gpt-4o", "gpt-4o-mini-2024-07-18");

        await Settler.SettleAsync(exchange);
        var row = await RowAsync(exchange);

        // gpt-4o-mini: 1,000 × $0.15 + 500 × $0.60 per million = 450 µ$ (gpt-4o would be 2,500 + 5,000 = 7,500 µ$).
        Assert.Equal(0.00045m, row.CostUsd);
        Assert.Equal("gpt-4o", row.RequestedModel);
        Assert.Equal("gpt-4o-mini-2024-07-18", row.ServedModel);
    }

    [Fact]
    public async Task A_late_pending_write_does_not_undo_a_settled_row()
    {
        var exchange = Served("gpt-4o", "gpt-4o");
        await Settler.SettleAsync(exchange);

        await Settler.RecordPendingAsync(exchange);
        var row = await RowAsync(exchange);

        Assert.False(row.IsPending);
        Assert.Equal(200, row.Status);
        // gpt-4o: 1,000 × $2.50 + 500 × $10 per million = 2,500 + 5,000 = 7,500 µ$
        Assert.Equal(0.0075m, row.CostUsd);
    }

    [Fact]
    public async Task A_pending_row_has_no_latency_and_the_settled_row_has_one()
    {
        var exchange = new TestExchange(Body, "gpt-4o") { Attempts = 1 };
        await Settler.RecordPendingAsync(exchange);
        Assert.Equal(0, (await RowAsync(exchange)).LatencyMs);

        exchange.Status = 200;
        await Settler.SettleAsync(exchange);

        Assert.True((await RowAsync(exchange)).LatencyMs > 0);
    }

    [Fact]
    public async Task Time_to_first_token_is_recorded_only_when_a_byte_was_streamed()
    {
        var unstreamed = Served("gpt-4o", "gpt-4o");
        var streamed = Served("gpt-4o", "gpt-4o");
        streamed.MarkFirstByte();

        await Settler.SettleAsync(unstreamed);
        await Settler.SettleAsync(streamed);

        Assert.Null((await RowAsync(unstreamed)).TimeToFirstTokenMs);
        Assert.NotNull((await RowAsync(streamed)).TimeToFirstTokenMs);
    }

    [Fact]
    public async Task A_call_that_named_no_class_is_recorded_as_interactive()
    {
        var exchange = Served("gpt-4o", "gpt-4o");

        await Settler.SettleAsync(exchange);

        Assert.Equal("interactive", (await RowAsync(exchange)).WorkloadClass);
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_fails_the_settlement()
    {
        var exchange = Served("gpt-4o", "gpt-4o");
        await Storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Settler.SettleAsync(exchange).AsTask());
    }

    private async Task<LedgerEntry> RowAsync(ExchangeContext exchange)
    {
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);
        Assert.NotNull(row);
        return row;
    }
}
