using System.Text;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Tests.Relay.Framing;

public sealed class SseEventsTests
{
    [Fact]
    public void Finds_the_end_of_an_event_with_lf_or_crlf_framing()
    {
        Assert.Equal(15, SseEvents.CompleteEventLength("data: {\"a\":1}\n\ndata: x"u8));
        Assert.Equal(17, SseEvents.CompleteEventLength("data: {\"a\":1}\r\n\r\n"u8));
        Assert.Equal(-1, SseEvents.CompleteEventLength("data: {\"a\":1}\n"u8));
    }

    [Fact]
    public void Reads_the_name_and_data_of_an_anthropic_event()
    {
        var sseEvent = "event: message_delta\ndata: {\"type\":\"message_delta\"}\n\n"u8;

        Assert.Equal("message_delta", Encoding.UTF8.GetString(SseEvents.Name(sseEvent)));
        Assert.Equal("{\"type\":\"message_delta\"}", Encoding.UTF8.GetString(SseEvents.Data(sseEvent)));
    }

    [Fact]
    public void Tells_a_usage_object_from_a_null_usage()
    {
        Assert.True(SseEvents.HasUsageObject("{\"choices\":[],\"usage\": {\"prompt_tokens\":1}}"u8));
        Assert.False(SseEvents.HasUsageObject("{\"choices\":[{}],\"usage\":null}"u8));
        Assert.False(SseEvents.HasUsageObject("{\"choices\":[{}]}"u8));
    }
}
