using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tollgate.Providers.Tests.Simulation;

/// <summary>
/// The simulator admits what each provider documents, route by route, and answers a larger body with that provider's
/// own 413: Anthropic 32 MB (as 32 MiB) on <c>/v1/messages</c> and <c>/v1/messages/count_tokens</c>, with
/// <c>request_too_large</c> in its error shape; OpenAI 50 MB (as 50 MiB) on its routes, with its "Maximum content size
/// limit" error. The body is read to its end first, so a client that writes it whole before reading gets the 413.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class RequestSizeLimitTests(SimulatorFixture fixture)
{
    private const long AnthropicLimit = 32L * 1024 * 1024;
    private const long OpenAILimit = 50L * 1024 * 1024;

    private const string Chat = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";
    private const string Embeddings = """{"model":"text-embedding-3-small","input":"Hello"}""";
    private const string Message = """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"Hello"}]}""";
    private const string CountTokens = """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}""";

    [Theory]
    [InlineData("v1/chat/completions", Chat, OpenAILimit)]
    [InlineData("v1/messages", Message, AnthropicLimit)]
    public async Task A_body_of_exactly_the_providers_limit_is_answered(string path, string json, long limit)
    {
        var (status, _) = await PostAsync(path, Padded(json, limit), chunked: false);

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("v1/chat/completions", Chat, false)]
    [InlineData("v1/embeddings", Embeddings, false)]
    [InlineData("v1/chat/completions", Chat, true)]
    public async Task An_openai_route_answers_a_body_one_byte_over_50_mib_with_openais_413(string path, string json, bool chunked)
    {
        var (status, root) = await PostAsync(path, Padded(json, OpenAILimit + 1), chunked);

        Assert.Equal(413, status);
        var error = root.GetProperty("error");
        Assert.Equal("Maximum content size limit (52428800) exceeded (52428801 bytes read)", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
    }

    [Theory]
    [InlineData("v1/messages", Message, false)]
    [InlineData("v1/messages/count_tokens", CountTokens, false)]
    [InlineData("v1/messages", Message, true)]
    public async Task An_anthropic_route_answers_a_body_one_byte_over_32_mib_with_anthropics_413(string path, string json, bool chunked)
    {
        var (status, root) = await PostAsync(path, Padded(json, AnthropicLimit + 1), chunked);

        Assert.Equal(413, status);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("request_too_large", root.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Request exceeds the maximum size", root.GetProperty("error").GetProperty("message").GetString());
    }

    /// <summary>A sound JSON body of exactly <paramref name="size"/> bytes: the document, then spaces (JSON allows trailing whitespace).</summary>
    private static byte[] Padded(string json, long size)
    {
        var body = new byte[size];
        Array.Fill(body, (byte)' ');
        Encoding.UTF8.GetBytes(json, body);
        return body;
    }

    private async Task<(int Status, JsonElement Root)> PostAsync(string path, byte[] body, bool chunked)
    {
        // Without a declared length the body goes chunked, and the simulator finds it too large only while reading it.
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (path.Contains("messages", StringComparison.Ordinal))
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }

        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }
}
