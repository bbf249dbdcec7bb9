using System.Net.Http.Headers;
using System.Text;
using Tollgate.Providers.Simulation;

namespace Tollgate.Gateway.Tests.Protocols.Answers;

/// <summary>
/// The simulated provider in process on a loopback port, asked the same prompt whole and streamed: it composes an
/// answer before writing it, so both forms carry the same answer. Prompt caching is off, so the usage of the two calls
/// cannot differ by a cache hit.
/// </summary>
public sealed class AnswerSimulator : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions { PromptCacheEntries = 0 }, "http://127.0.0.1:0");
        _http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>The answer's bytes for <paramref name="json"/> posted to <paramref name="path"/> (<c>v1/…</c>), with <c>"stream":true</c> spliced in when asked.</summary>
    public async Task<byte[]> AskAsync(string path, string json, bool stream)
    {
        if (stream)
        {
            json = "{\"stream\":true," + (path.EndsWith("chat/completions", StringComparison.Ordinal) ? "\"stream_options\":{\"include_usage\":true}," : string.Empty) + json[1..];
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("authorization", "Bearer sk-simulated");
        request.Headers.Add("x-api-key", "sk-ant-simulated");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(bytes));
        Assert.Equal(stream ? "text/event-stream" : "application/json", response.Content.Headers.ContentType?.MediaType);
        return bytes;
    }
}
