using Tollgate.Testing;

namespace Tollgate.Core.Tests.Exchange;

public sealed class ExchangeContextTests
{
    [Fact]
    public void Warnings_accumulate_in_the_order_they_were_added()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini");

        exchange.AddWarning("usage estimated");
        exchange.AddWarning("unknown price");

        Assert.Equal("usage estimated; unknown price", exchange.Warning);
    }

    [Fact]
    public void Only_the_first_byte_sent_marks_the_time_to_first_token()
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini");
        Assert.Equal(0, exchange.FirstByteTimestamp);

        exchange.MarkFirstByte();
        var first = exchange.FirstByteTimestamp;
        exchange.MarkFirstByte();

        Assert.NotEqual(0, first);
        Assert.Equal(first, exchange.FirstByteTimestamp);
    }

    [Fact]
    public void An_exchange_is_interactive_until_a_class_is_given()
    {
        Assert.Equal("interactive", new TestExchange("{}", "gpt-4o-mini").WorkloadClass);
    }
}
