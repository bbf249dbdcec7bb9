using System.Text;
using Tollgate.EndToEnd.Tests.Support;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Bodies that do not arrive as a sound whole, sent over a bare socket because HTTP client libraries avoid doing so:
/// an oversized body written whole before the answer is read (what most simple clients do), a body whose chunked
/// framing breaks, a body that stops arriving, a client that hangs up before its <c>Content-Length</c> is reached.
/// Each gets an answer in the protocol's error shape that the client can read (if it is still there), and nothing of
/// it reaches the log as a failure.
/// </summary>
public sealed class RequestBodyTests(SmallBodyLimitGatewayFixture fixture) : IClassFixture<SmallBodyLimitGatewayFixture>
{
    private const string Messages = "v1/messages";
    private const string ChatCompletions = "v1/chat/completions";

    [Fact]
    public async Task A_client_that_writes_a_6_MiB_body_before_reading_reads_the_413_every_time()
    {
        // 6 MiB against a 2 MiB limit: within the bound of four times the limit that the gateway reads and discards.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var anthropic = attempt % 2 == 0;
            var response = await RawHttp.PostWholeBodyThenReadAsync(fixture.Gateway.BaseAddress, anthropic ? Messages : ChatCompletions, Body(anthropic, 6 * 1024 * 1024));

            Assert.True(response.Status == 413, $"attempt {attempt}: {response}");
            Assert.Equal("close", response.Headers["connection"]);
            Assert.Equal(anthropic ? "request_too_large" : "invalid_request_error", response.Error.GetProperty("type").GetString());
            Assert.Contains($"limit of {SmallBodyLimitGatewayFixture.Limit} bytes", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_written_whole_before_reading_gets_the_413()
    {
        var response = await RawHttp.PostWholeBodyThenReadAsync(fixture.Gateway.BaseAddress, Messages, Body(anthropic: true, 5 * 1024 * 1024), chunked: true);

        Assert.True(response.Status == 413, response.ToString());
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal("request_too_large", response.Error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_accepted()
    {
        var response = await RawHttp.PostWholeBodyThenReadAsync(fixture.Gateway.BaseAddress, ChatCompletions, Body(anthropic: false, SmallBodyLimitGatewayFixture.Limit));

        Assert.True(response.Status == 200, response.ToString());
    }

    [Fact]
    public async Task A_body_whose_chunked_framing_breaks_gets_400_in_the_protocols_shape_and_no_failure_in_the_log()
    {
        var logged = fixture.Gateway.Output.Length;
        var part = Encoding.UTF8.GetBytes("""{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hel""");

        var response = await RawHttp.PostBrokenChunkedBodyThenReadAsync(fixture.Gateway.BaseAddress, Messages, part);

        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal("invalid_request_error", response.Error.GetProperty("type").GetString());
        Assert.Contains("chunked encoding is broken", response.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Wire.AssertNoStackTrace(response.Body);
        await AssertNothingFailedInTheLogSinceAsync(logged);
    }

    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_in_the_protocols_shape_and_no_failure_in_the_log()
    {
        var logged = fixture.Gateway.Output.Length;
        var part = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hel""");

        // Nothing more is sent: the gateway stops waiting once the body falls below the minimum data rate.
        var response = await RawHttp.PostPartOfBodyThenReadAsync(fixture.Gateway.BaseAddress, ChatCompletions, declaredLength: 1000, part);

        Assert.True(response.Status == 408, response.ToString());
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal("invalid_request_error", response.Error.GetProperty("type").GetString());
        Wire.AssertNoStackTrace(response.Body);
        await AssertNothingFailedInTheLogSinceAsync(logged);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_hangs_up_before_its_content_length_is_reached_leaves_no_failure_in_the_log(bool reset)
    {
        // An HTTP/1.1 server cannot answer a client that has closed its side: what is left to check is the gateway's calm.
        var logged = fixture.Gateway.Output.Length;
        var part = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hel""");

        await RawHttp.PostPartOfBodyThenHangUpAsync(fixture.Gateway.BaseAddress, ChatCompletions, declaredLength: 1000, part, reset);

        await AssertNothingFailedInTheLogSinceAsync(logged);
    }

    /// <summary>A JSON body of exactly <paramref name="size"/> bytes, most of it one long user message.</summary>
    private static byte[] Body(bool anthropic, int size)
    {
        var head = anthropic
            ? """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":" """
            : """{"model":"gpt-4o-mini","messages":[{"role":"user","content":" """;
        const string tail = "\"}]}";
        var body = new byte[size];
        Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        var filler = body.AsSpan(head.Length, size - head.Length - tail.Length);
        for (var i = 0; i < filler.Length; i++)
        {
            filler[i] = i % 4 == 3 ? (byte)' ' : (byte)'x'; // short words, as prose has
        }

        Encoding.ASCII.GetBytes(tail).CopyTo(body, size - tail.Length);
        return body;
    }

    /// <summary>
    /// After one more call has gone through (so anything logged for the calls before it has been written), the log since
    /// <paramref name="offset"/> holds no failure and no exception.
    /// </summary>
    private async Task AssertNothingFailedInTheLogSinceAsync(int offset)
    {
        using var after = await fixture.Gateway.Http.SendAsync(Wire.Post(ChatCompletions, """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"still here?"}]}"""));
        Assert.Equal(200, (int)after.StatusCode);
        var log = fixture.Gateway.Output[offset..];
        Assert.DoesNotContain(" fail: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
    }
}
