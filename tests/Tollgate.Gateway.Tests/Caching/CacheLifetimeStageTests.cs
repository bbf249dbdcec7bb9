using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Caching;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// How long the cache stage keeps an answer, with the gateway's clock faked: seven days for a timeless prompt; for one
/// that depends on the day ("today", "weather"), until midnight in the configured time zone or one hour, whichever is
/// sooner; a feature's own lifetime where it sets one. Read from the entry the stage stored for a real call.
/// </summary>
public sealed class CacheLifetimeStageTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private readonly FakeTimeProvider _clock = new();
    private GoldenUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await GoldenUpstream.StartAsync();
        _upstream.Serve(new GoldenResponse("openai/chat-completion.json"));
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_timeless_prompt_is_kept_seven_days()
    {
        var entry = await StoreAsync("Classify the sentiment of: great product", At(2030, 6, 1, 10, 0));

        Assert.Equal(At(2030, 6, 8, 10, 0), entry.ExpiresAt);
    }

    [Fact]
    public async Task A_today_prompt_asked_in_the_morning_is_kept_one_hour()
    {
        var entry = await StoreAsync("What is on the news today?", At(2030, 6, 1, 10, 0));

        Assert.Equal(At(2030, 6, 1, 11, 0), entry.ExpiresAt);
    }

    [Fact]
    public async Task A_today_prompt_asked_late_in_the_evening_is_kept_until_midnight()
    {
        var entry = await StoreAsync("What is the weather today?", At(2030, 6, 1, 23, 30));

        Assert.Equal(At(2030, 6, 2, 0, 0), entry.ExpiresAt);
    }

    [Fact]
    public async Task Midnight_is_the_configured_time_zones()
    {
        // 14:30 UTC is 23:30 in Tokyo (UTC+9, no daylight saving): half an hour to its midnight.
        var entry = await StoreAsync("Latest exchange rate of the yen?", At(2030, 6, 1, 14, 30), options => options.Cache.TimeZone = "Asia/Tokyo");

        Assert.Equal(At(2030, 6, 1, 15, 0), entry.ExpiresAt);
    }

    [Fact]
    public async Task A_features_own_lifetime_replaces_the_seven_days()
    {
        var entry = await StoreAsync(
            "Classify the sentiment of: fine",
            At(2030, 6, 1, 10, 0),
            options => options.Features["short-lived"] = new FeatureOptions { Cache = new FeatureCacheOptions { TtlSeconds = 600 } },
            feature: "short-lived");

        Assert.Equal(At(2030, 6, 1, 10, 10), entry.ExpiresAt);
    }

    /// <summary>Starts a gateway whose clock reads <paramref name="now"/>, makes one deterministic call and returns the entry it stored.</summary>
    private async Task<CacheEntry> StoreAsync(string prompt, DateTimeOffset now, Action<GatewayOptions>? configure = null, string? feature = null)
    {
        _clock.SetUtcNow(now);
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _data.Path,
            OpenAI = new ProviderOptions { ApiKey = "sk-golden", BaseUrl = _upstream.OpenAIBaseUrl },
        };
        configure?.Invoke(options);
        await using var gateway = await GatewayApplication.StartAsync(options, logging => logging.ClearProviders(), services => services.AddSingleton<TimeProvider>(_clock));
        using var http = new HttpClient { BaseAddress = gateway.Addresses[0] };
        var body = $$"""{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"{{prompt}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (feature is not null)
        {
            request.Headers.Add("x-tollgate-feature", feature);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var fingerprint = feature is null ? null : FeatureFingerprint.Of(options.Features[feature]);
        var key = CacheKey.Compute(
            Encoding.UTF8.GetBytes(body),
            new CacheKeyContext(CacheKeyScope.Key, CacheScope.UnauthenticatedLoopback, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, null, fingerprint)).Key;
        var store = gateway.Services.GetRequiredService<ICacheStore>();
        var entry = await Poll.UntilAsync(async () => await store.GetAsync(key), TimeSpan.FromSeconds(30), "the stored entry");
        Assert.Equal(now, entry.CreatedAt);
        return entry;
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
