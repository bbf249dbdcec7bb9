using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tollgate.Providers.Tests.Simulation;

/// <summary>
/// Text with no UTF-8 form inside a JSON body (an unpaired surrogate escape such as <c>"a\ud800b"</c>, bytes that are
/// not UTF-8) is refused as the real providers' strict parsers refuse it: 400 in the provider's error shape, OpenAI
/// with its answer to unparseable JSON, Anthropic naming the fault and where it is.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class UnsoundTextTests(SimulatorFixture fixture)
{
    private const string LoneSurrogateChat = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"a\ud800b"}]}""";
    private const string LoneSurrogateMessage = """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"a\ud800b"}]}""";

    [Theory]
    [InlineData("v1/chat/completions", LoneSurrogateChat)]
    [InlineData("v1/chat/completions", """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"\udfff"}]}""")]
    [InlineData("v1/embeddings", """{"model":"text-embedding-3-small","input":["ok","\ud83d"]}""")]
    public async Task Openai_routes_answer_an_unpaired_surrogate_with_their_malformed_json_400(string path, string body)
    {
        var (status, root) = await PostAsync(path, Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, status);
        var error = root.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith("We could not parse the JSON body of your request.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openai_routes_answer_bytes_that_are_not_utf8_with_their_malformed_json_400()
    {
        var (status, root) = await PostAsync("v1/chat/completions", NotUtf8(LoneSurrogateChat.Replace("a\\ud800b", "a?b", StringComparison.Ordinal)));

        Assert.Equal(400, status);
        Assert.StartsWith("We could not parse the JSON body of your request.", root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1/messages", LoneSurrogateMessage, "no low surrogate in string: line 1 column 84 (char 83)")]
    [InlineData("v1/messages", """{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"x"}],"system":"\udc00"}""", "invalid high surrogate in string")]
    [InlineData("v1/messages/count_tokens", """{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"\ud800\u0041"}]}""", "invalid low surrogate in string")]
    public async Task Anthropic_routes_answer_an_unpaired_surrogate_with_a_400_naming_the_fault(string path, string body, string fault)
    {
        var (status, root) = await PostAsync(path, Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, status);
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", root.GetProperty("error").GetProperty("type").GetString());
        Assert.StartsWith("The request body is not valid JSON: " + fault, root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anthropic_routes_answer_bytes_that_are_not_utf8_with_a_400_naming_the_fault()
    {
        var (status, root) = await PostAsync("v1/messages", NotUtf8(LoneSurrogateMessage.Replace("a\\ud800b", "a?b", StringComparison.Ordinal)));

        Assert.Equal(400, status);
        Assert.StartsWith("The request body is not valid JSON: invalid utf-8 encoding in string", root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_surrogate_pair_written_as_escapes_is_sound_text()
    {
        var (status, _) = await PostAsync("v1/messages", Encoding.UTF8.GetBytes(LoneSurrogateMessage.Replace("\\ud800", "\\ud83d\\ude00", StringComparison.Ordinal)));

        Assert.Equal(200, status);
    }

    /// <summary>The body's UTF-8 with its one <c>?</c> replaced by the byte 0xFF, which UTF-8 never uses.</summary>
    private static byte[] NotUtf8(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        return bytes;
    }

    private async Task<(int Status, JsonElement Root)> PostAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }
}
