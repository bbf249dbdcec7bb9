using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tollgate.Providers.Tests.Simulation;

[Collection(SimulatorCollection.Name)]
public sealed class WireFormatTests(SimulatorFixture fixture)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? fault = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (fault is not null)
        {
            request.Headers.Add("x-simulator-fault", fault);
        }

        if (requestId is not null)
        {
            request.Headers.Add("x-tollgate-request-id", requestId);
        }

        return await fixture.Http.SendAsync(request);
    }

    private static List<string> DataLines(string sse) =>
        sse.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line[6..]).ToList();

    [Fact]
    public async Task An_openai_stream_with_include_usage_ends_with_a_usage_chunk_and_done()
    {
        using var response = await PostAsync("v1/chat/completions", """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"));
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var data = DataLines(body);
        using var first = JsonDocument.Parse(data[0]);
        Assert.Equal("assistant", first.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("usage").ValueKind);
        using var finish = JsonDocument.Parse(data[^3]);
        Assert.Equal("stop", finish.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        using var usage = JsonDocument.Parse(data[^2]);
        Assert.Equal(0, usage.RootElement.GetProperty("choices").GetArrayLength());
        Assert.True(usage.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal("chat.completion.chunk", usage.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task An_openai_stream_without_include_usage_has_no_usage_chunk()
    {
        using var response = await PostAsync("v1/chat/completions", """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var data = DataLines(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", data[^1]);
        using var last = JsonDocument.Parse(data[^2]);
        Assert.False(last.RootElement.TryGetProperty("usage", out _));
        Assert.Equal("stop", last.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task An_anthropic_stream_follows_the_documented_event_sequence()
    {
        using var response = await PostAsync("v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.Headers.Contains("request-id"));
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n')[0])
            .ToList();
        Assert.Equal(["event: message_start", "event: content_block_start", "event: ping"], events.Take(3));
        Assert.Equal(["event: content_block_stop", "event: message_delta", "event: message_stop"], events.TakeLast(3));
        Assert.All(events.Skip(3).SkipLast(3), e => Assert.Equal("event: content_block_delta", e));
        Assert.Contains("event: ping\ndata: {\"type\": \"ping\"}\n\n", body, StringComparison.Ordinal);
        var delta = DataLines(body)[^2];
        using var messageDelta = JsonDocument.Parse(delta);
        Assert.Equal("end_turn", messageDelta.RootElement.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.True(messageDelta.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32() > 0);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"gpt-4o"}""", "messages")]
    [InlineData("""{"model":"gpt-4o","messages":[]}""", "messages")]
    public async Task Openai_validation_errors_are_400_invalid_request_errors(string body, string param)
    {
        using var response = await PostAsync("v1/chat/completions", body);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var inner = error.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", inner.GetProperty("type").GetString());
        Assert.Equal(param, inner.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(inner.GetProperty("message").GetString()));
        Assert.True(inner.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_in_each_protocols_shape()
    {
        using var openai = await PostAsync("v1/chat/completions", "{not json");
        using var anthropic = await PostAsync("v1/messages", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, openai.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, anthropic.StatusCode);
        using var openaiError = JsonDocument.Parse(await openai.Content.ReadAsStringAsync());
        using var anthropicError = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, openaiError.RootElement.GetProperty("error").GetProperty("param").ValueKind);
        Assert.Equal("error", anthropicError.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", anthropicError.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Anthropic_requires_max_tokens()
    {
        using var response = await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}""");
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_tokens", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_header_gives_a_429_with_retry_after_and_the_rate_limit_body()
    {
        using var openai = await PostAsync("v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", fault: "429");
        using var anthropic = await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", fault: "429");

        Assert.Equal(HttpStatusCode.TooManyRequests, openai.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), openai.Headers.RetryAfter!.Delta);
        using var openaiError = JsonDocument.Parse(await openai.Content.ReadAsStringAsync());
        Assert.Equal("requests", openaiError.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", openaiError.RootElement.GetProperty("error").GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.TooManyRequests, anthropic.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), anthropic.Headers.RetryAfter!.Delta);
        using var anthropicError = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_error", anthropicError.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_fault_header_529_is_overloaded_on_anthropic_and_503_on_openai()
    {
        using var openai = await PostAsync("v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", fault: "529");
        using var anthropic = await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", fault: "529");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, openai.StatusCode);
        Assert.Equal(529, (int)anthropic.StatusCode);
        using var anthropicError = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync());
        Assert.Equal("overloaded_error", anthropicError.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_stream_cut_on_a_whole_answer_sends_part_of_the_announced_body_then_resets_the_connection()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""") };
        request.Headers.Add("x-simulator-fault", "stream-cut");
        using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var received = new MemoryStream();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var announced = Assert.IsType<long>(response.Content.Headers.ContentLength);
        var body = await response.Content.ReadAsStreamAsync();
        var error = await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(received));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        Assert.InRange(received.Length, 1, announced / 2);
        Assert.StartsWith("{", Encoding.UTF8.GetString(received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_cut_on_an_openai_stream_resets_the_connection_before_the_finish_chunk_and_done()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Tell me more."}]}""") };
        request.Headers.Add("x-simulator-fault", "stream-cut");
        using var response = await fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var received = new MemoryStream();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        var error = await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(received));

        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        var data = DataLines(Encoding.UTF8.GetString(received.ToArray()));
        Assert.True(data.Count >= 2, $"only {data.Count} chunks arrived before the cut");
        Assert.DoesNotContain("[DONE]", data);
        Assert.All(data, chunk =>
        {
            using var parsed = JsonDocument.Parse(chunk);
            Assert.Equal(JsonValueKind.Null, parsed.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        });
    }

    [Fact]
    public async Task The_request_log_records_each_call_by_gateway_request_id()
    {
        var id = Guid.NewGuid().ToString("N");
        using (await PostAsync("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""", requestId: id))
        {
        }

        using (await PostAsync("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", fault: "500", requestId: id))
        {
        }

        var json = await fixture.Http.GetStringAsync($"_simulator/requests?request_id={id}");
        using var log = JsonDocument.Parse(json);
        var entries = log.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("/v1/chat/completions", entries[0].GetProperty("path").GetString());
        Assert.Equal("gpt-4o-mini", entries[0].GetProperty("model").GetString());
        Assert.True(entries[0].GetProperty("stream").GetBoolean());
        Assert.Equal(200, entries[0].GetProperty("status").GetInt32());
        Assert.True(entries[0].GetProperty("completed").GetBoolean());
        Assert.Equal(id, entries[1].GetProperty("request_id").GetString());
        Assert.Equal(500, entries[1].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_timed_out_call_is_logged_as_not_completed()
    {
        var id = Guid.NewGuid().ToString("N");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Json("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""") };
        request.Headers.Add("x-simulator-fault", "timeout");
        request.Headers.Add("x-tollgate-request-id", id);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Http.SendAsync(request, cancel.Token));

        SimulatedRequestAssert.Eventually(fixture, id, entry => Assert.False(entry.Completed));
    }

    [Fact]
    public async Task Deleting_the_request_log_empties_it()
    {
        using (await PostAsync("v1/messages/count_tokens", """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}"""))
        {
        }

        using var deleted = await fixture.Http.DeleteAsync("_simulator/requests");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(fixture.Host.GetRequests());
    }

    [Fact]
    public async Task Float_embeddings_are_json_arrays_and_usage_counts_input_tokens()
    {
        using var response = await PostAsync("v1/embeddings", """{"model":"text-embedding-3-small","input":["one","two words"],"dimensions":8}""");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(8, data[1].GetProperty("embedding").GetArrayLength());
        Assert.Equal(1, data[1].GetProperty("index").GetInt32());
        Assert.Equal(3, body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Models_are_listed_in_the_openai_format_or_the_anthropic_one()
    {
        using var openai = JsonDocument.Parse(await fixture.Http.GetStringAsync("v1/models"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var anthropicResponse = await fixture.Http.SendAsync(request);
        using var anthropic = JsonDocument.Parse(await anthropicResponse.Content.ReadAsStringAsync());

        Assert.Equal("list", openai.RootElement.GetProperty("object").GetString());
        Assert.Equal("model", openai.RootElement.GetProperty("data")[0].GetProperty("object").GetString());
        Assert.Equal("model", anthropic.RootElement.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.False(anthropic.RootElement.GetProperty("has_more").GetBoolean());
    }
}
