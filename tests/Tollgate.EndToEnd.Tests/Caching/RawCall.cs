using System.Net.Http.Headers;
using System.Text;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>A call made with a plain HTTP client, for what the SDKs cannot send (a malformed <c>cache-control</c>, a stream without usage).</summary>
internal sealed record RawCall(int Status, string Cache, string RequestId, string Body)
{
    public static Task<RawCall> PostAsync(HttpClient http, string path, string json, params (string Name, string Value)[] headers) =>
        PostAsKeyAsync(http, "sk-client-unused", path, json, headers);

    /// <summary>A call made with <paramref name="apiKey"/> (a Tollgate virtual key) as the bearer credential.</summary>
    public static async Task<RawCall> PostAsKeyAsync(HttpClient http, string apiKey, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new RawCall(
            (int)response.StatusCode,
            response.Headers.TryGetValues("x-tollgate-cache", out var cache) ? cache.Single() : "",
            response.Headers.TryGetValues("x-tollgate-request-id", out var id) ? id.Single() : "",
            body);
    }

    /// <summary>A chat completion request for <paramref name="prompt"/>.</summary>
    public static string Chat(string prompt, string extra = "\"temperature\":0") =>
        $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{prompt}}"}],{{extra}}}""";

    /// <summary>A messages request for <paramref name="prompt"/>.</summary>
    public static string Messages(string prompt, string extra = "\"temperature\":0") =>
        $$"""{"model":"claude-haiku-4-5","max_tokens":200,"messages":[{"role":"user","content":"{{prompt}}"}],{{extra}}}""";

    /// <summary>A Responses API request for <paramref name="prompt"/>.</summary>
    public static string Responses(string prompt, string extra = "\"temperature\":0") =>
        $$"""{"model":"gpt-4o-mini","input":"{{prompt}}",{{extra}}}""";
}
