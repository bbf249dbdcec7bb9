using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Bad requests get a 4xx in the error shape of the protocol the client speaks, never a 500 or a stack trace.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedInputTests(GatewayFixture fixture)
{
    public static TheoryData<string, string> BadOpenAIBodies => new()
    {
        { "bad json", """{"model":"gpt-4o-mini","messages":[""" },
        { "empty body", "" },
        { "array root", """[{"model":"gpt-4o-mini"}]""" },
        { "missing model", """{"messages":[{"role":"user","content":"hi"}]}""" },
        { "missing messages", """{"model":"gpt-4o-mini"}""" },
        { "model not a string", """{"model":42,"messages":[{"role":"user","content":"hi"}]}""" },
        { "messages not an array", """{"model":"gpt-4o-mini","messages":"hi"}""" },
        { "stream not a boolean", """{"model":"gpt-4o-mini","stream":"yes","messages":[{"role":"user","content":"hi"}]}""" },
        { "max_tokens not an integer", """{"model":"gpt-4o-mini","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}""" },
    };

    public static TheoryData<string, string> BadAnthropicBodies => new()
    {
        { "bad json", """{"model":"claude-haiku-4-5",""" },
        { "empty body", "" },
        { "missing model", """{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""" },
        { "missing messages", """{"model":"claude-haiku-4-5","max_tokens":10}""" },
        { "missing max_tokens", """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}""" },
        { "messages not an array", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":{"role":"user"}}""" },
        { "max_tokens not an integer", """{"model":"claude-haiku-4-5","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""" },
    };

    [Theory]
    [MemberData(nameof(BadOpenAIBodies))]
    public async Task A_malformed_openai_request_gets_400_in_the_openai_error_shape_and_a_ledger_row(string problem, string body)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/chat/completions", body));

        var text = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest, problem);
        Wire.AssertNoStackTrace(text);
        await AssertRecordedAsync(response, 400);
    }

    [Theory]
    [MemberData(nameof(BadAnthropicBodies))]
    public async Task A_malformed_anthropic_request_gets_400_in_the_anthropic_error_shape_and_a_ledger_row(string problem, string body)
    {
        using var response = await fixture.Gateway.Http.SendAsync(Wire.Post("v1/messages", body));

        var text = await AssertAnthropicErrorAsync(response, HttpStatusCode.BadRequest, problem);
        Wire.AssertNoStackTrace(text);
        await AssertRecordedAsync(response, 400);
    }

    [Theory]
    [InlineData("GET", "v1/no/such/route", 404)]
    [InlineData("POST", "v1/chat/completions/extra", 404)]
    [InlineData("GET", "v1/chat/completions", 405)]
    [InlineData("PUT", "v1/embeddings", 405)]
    public async Task An_unknown_openai_route_or_method_gets_a_4xx_in_the_openai_error_shape(string method, string path, int status)
    {
        using var response = await fixture.Gateway.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Wire.AssertNoStackTrace(await AssertOpenAIErrorAsync(response, (HttpStatusCode)status, $"{method} {path}"));
    }

    [Theory]
    [InlineData("POST", "v1/messages/no_such_thing", 404)]
    [InlineData("GET", "v1/messages", 405)]
    [InlineData("DELETE", "v1/messages/count_tokens", 405)]
    public async Task An_unknown_anthropic_route_or_method_gets_a_4xx_in_the_anthropic_error_shape(string method, string path, int status)
    {
        using var response = await fixture.Gateway.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Wire.AssertNoStackTrace(await AssertAnthropicErrorAsync(response, (HttpStatusCode)status, $"{method} {path}"));
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_gets_413_in_each_protocols_shape_whether_declared_or_streamed()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            Environment = { ["Tollgate__MaxRequestBodyBytes"] = "4096" },
        });
        var padding = new string('x', 6000);
        var openAI = Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{padding}}"}]}""");
        var anthropic = Encoding.UTF8.GetBytes($$"""{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"{{padding}}"}]}""");

        using (var declared = await gateway.Http.PostAsync("v1/chat/completions", Wire.Json(openAI)))
        {
            Wire.AssertNoStackTrace(await AssertOpenAIErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "declared OpenAI body"));
            Assert.Equal(413, (await gateway.GetLedgerEntryAsync(Wire.Header(declared, "x-tollgate-request-id")))!.Status);
        }

        using (var streamed = await gateway.Http.PostAsync("v1/messages", new UnknownLengthContent(anthropic)))
        {
            Wire.AssertNoStackTrace(await AssertAnthropicErrorAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "chunked Anthropic body"));
            Assert.Equal(413, (await gateway.GetLedgerEntryAsync(Wire.Header(streamed, "x-tollgate-request-id")))!.Status);
        }

        using var small = await gateway.Http.PostAsync("v1/chat/completions", Wire.Json("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.DoesNotContain(" fail: ", gateway.Output, StringComparison.Ordinal);
    }

    private static async Task<string> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{because}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Wire.Parse(text).GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("code", out _), text);
        Assert.True(error.TryGetProperty("param", out _), text);
        return text;
    }

    private static async Task<string> AssertAnthropicErrorAsync(HttpResponseMessage response, HttpStatusCode status, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{because}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = Wire.Parse(text);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("error").GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("error").GetProperty("message").ValueKind);
        return text;
    }

    private async Task AssertRecordedAsync(HttpResponseMessage response, int status)
    {
        var entry = await fixture.Gateway.GetLedgerEntryAsync(Wire.Header(response, "x-tollgate-request-id"));
        Assert.NotNull(entry);
        Assert.Equal(status, entry.Status);
        Assert.Equal(0, entry.Attempts);
        Assert.Equal(0m, entry.CostUsd);
        Assert.NotNull(entry.ErrorType);
    }
}
