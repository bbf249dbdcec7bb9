using System.Text;
using Tollgate.Gateway.Relay;

namespace Tollgate.Gateway.Tests.Relay.Framing;

/// <summary>Event framing and field reading on the edges the providers' streams can show: blank lines, missing newlines, extra lines.</summary>
public sealed class SseFramingTests
{
    [Fact]
    public void The_terminator_that_comes_first_ends_the_event_whichever_framing_it_uses()
    {
        Assert.Equal(9, SseEvents.CompleteEventLength("data: a\n\ndata: b\r\n\r\n"u8));
        Assert.Equal(11, SseEvents.CompleteEventLength("data: a\r\n\r\ndata: b\n\n"u8));
    }

    [Fact]
    public void A_blank_line_on_its_own_is_an_empty_event_in_either_framing()
    {
        Assert.Equal(2, SseEvents.CompleteEventLength("\n\ndata: x\r\n\r\n"u8));
        Assert.Equal(4, SseEvents.CompleteEventLength("\r\n\r\ndata: x\n\n"u8));
    }

    [Fact]
    public void Data_is_read_from_a_last_line_without_a_newline()
    {
        Assert.Equal("x", Text(SseEvents.Data("data: x"u8)));
    }

    [Fact]
    public void Data_is_read_after_an_extra_blank_line()
    {
        Assert.Equal("x", Text(SseEvents.Data("\ndata: x\n\n"u8)));
    }

    [Fact]
    public void An_empty_data_line_has_an_empty_payload()
    {
        Assert.True(SseEvents.Data("data:\n\n"u8).IsEmpty);
    }

    [Fact]
    public void An_event_without_a_data_line_has_no_payload()
    {
        Assert.True(SseEvents.Data("event: ping"u8).IsEmpty);
    }

    [Fact]
    public void The_event_name_is_found_after_other_fields()
    {
        Assert.Equal("message_delta", Text(SseEvents.Name("id: 7\nevent: message_delta\ndata: {}\n\n"u8)));
    }

    [Fact]
    public void The_event_name_is_found_after_an_extra_blank_line()
    {
        Assert.Equal("ping", Text(SseEvents.Name("\nevent: ping\ndata: {}\n\n"u8)));
    }

    [Fact]
    public void The_event_name_is_read_from_a_last_line_without_a_newline()
    {
        Assert.Equal("ping", Text(SseEvents.Name("event: ping"u8)));
    }

    [Fact]
    public void An_event_without_an_event_line_has_no_name()
    {
        Assert.True(SseEvents.Name("data: {\"type\":\"ping\"}\n\n"u8).IsEmpty);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
