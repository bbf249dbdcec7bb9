using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Caching;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// A new model snapshot misses: when the provider starts serving a requested model from another snapshot (seen in the
/// <c>model</c> of a live answer, any answer), answers stored from the old snapshot are no longer served. The provider
/// is a loopback server answering fixed bytes that name the snapshot the test chooses.
/// </summary>
public sealed class ModelSnapshotTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private WebApplication _upstream = null!;
    private GatewayApplication _gateway = null!;
    private HttpClient _http = null!;
    private volatile string _snapshot = "gpt-4o-mini-2024-07-18";
    private int _calls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _upstream = builder.Build();
        _upstream.Run(AnswerAsync);
        await _upstream.StartAsync();
        var upstream = _upstream.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                OpenAI = new ProviderOptions { ApiKey = "sk-fixed", BaseUrl = upstream + "/v1" },
            },
            logging => logging.ClearProviders());
        _http = new HttpClient { BaseAddress = _gateway.Addresses[0] };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task An_answer_made_by_an_older_snapshot_misses_once_a_newer_one_has_answered()
    {
        var store = _gateway.Services.GetRequiredService<ICacheStore>();
        var first = await CallAsync(temperature: "0");
        await Poll.UntilAsync(async () => (await store.MeasureAsync()).Entries == 1, TimeSpan.FromSeconds(30), "the first answer stored");
        var sameSnapshot = await CallAsync(temperature: "0");

        _snapshot = "gpt-4o-mini-2025-02-01";
        var liveOnNewSnapshot = await CallAsync(temperature: "0.7");
        var afterTheMove = await CallAsync(temperature: "0");

        Assert.Equal(("miss", "hit"), (first, sameSnapshot));
        Assert.Equal(("bypass", "miss"), (liveOnNewSnapshot, afterTheMove));
        Assert.Equal(3, _calls);
    }

    private async Task<string> CallAsync(string temperature)
    {
        var body = $$"""{"model":"gpt-4o-mini","temperature":{{temperature}},"messages":[{"role":"user","content":"Classify: fine"}]}""";
        using var response = await _http.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)response.StatusCode);
        return response.Headers.GetValues("x-tollgate-cache").Single();
    }

    private Task AnswerAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync($$$"""
            {"id":"chatcmpl-fixed","object":"chat.completion","created":1767225600,"model":"{{{_snapshot}}}","choices":[{"index":0,"message":{"role":"assistant","content":"Positive.","refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
            """);
    }
}
