using Tollgate.Gateway.Caching;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// A feature's cache settings (<c>Tollgate:Features:NAME:Cache</c>) and the global switch, edited in the configuration
/// file while the gateway runs, apply to the next request: <c>always</c> caches a request at temperature 0.7,
/// <c>never</c> caches none (and serves none of what is stored), personal data is cached where the feature allows it.
/// </summary>
public sealed class CachePolicyTests(CachingGateway fixture) : IClassFixture<CachingGateway>
{
    [Fact]
    public async Task A_feature_policy_changed_to_always_and_then_never_applies_to_the_next_requests()
    {
        await fixture.ConfigureAsync(Feature("ideas", "\"Policy\": \"Always\""), options => Policy(options, "ideas") == CachePolicy.Always);
        var prompt = Prompt("Suggest a name for a cat");
        var body = RawCall.Chat(prompt, "\"temperature\":0.7");
        var stored = await fixture.EntriesAsync();
        var first = await CallAsync(body, "ideas");
        await fixture.WaitForEntriesAsync(stored + 1);
        var second = await CallAsync(body, "ideas");

        await fixture.ConfigureAsync(Feature("ideas", "\"Policy\": \"Never\""), options => Policy(options, "ideas") == CachePolicy.Never);
        var afterNever = await CallAsync(body, "ideas");
        var deterministic = await CallAsync(RawCall.Chat(prompt), "ideas");

        Assert.Equal(("miss", "hit"), (first.Cache, second.Cache));
        Assert.Equal(("bypass", "bypass"), (afterNever.Cache, deterministic.Cache));
        Assert.Equal(3, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_feature_that_allows_personal_data_caches_a_prompt_with_an_email_and_others_do_not()
    {
        await fixture.ConfigureAsync(Feature("crm", "\"AllowPersonalData\": true"), options => options.Features.TryGetValue("crm", out var crm) && crm.Cache.AllowPersonalData == true);
        var prompt = Prompt("Draft a reply to sam@example.org");
        var stored = await fixture.EntriesAsync();
        var first = await CallAsync(RawCall.Chat(prompt), "crm");
        await fixture.WaitForEntriesAsync(stored + 1);
        var second = await CallAsync(RawCall.Chat(prompt), "crm");
        var elsewhere = await CallAsync(RawCall.Chat(prompt), feature: null);

        Assert.Equal(("miss", "hit", "bypass"), (first.Cache, second.Cache, elsewhere.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task The_cache_switched_off_in_the_config_file_bypasses_every_request()
    {
        await fixture.ConfigureAsync("\"Cache\": { \"Enabled\": false }", options => !options.Cache.Enabled);
        try
        {
            var prompt = Prompt("Classify: switched off");
            var first = await CallAsync(RawCall.Chat(prompt), feature: null);
            var second = await CallAsync(RawCall.Chat(prompt), feature: null);

            Assert.Equal(("bypass", "bypass"), (first.Cache, second.Cache));
            Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
        }
        finally
        {
            await fixture.ConfigureAsync(string.Empty, options => options.Cache.Enabled);
        }
    }

    private Task<RawCall> CallAsync(string body, string? feature) =>
        feature is null
            ? RawCall.PostAsync(fixture.Http, "v1/chat/completions", body)
            : RawCall.PostAsync(fixture.Http, "v1/chat/completions", body, ("x-tollgate-feature", feature));

    private static string Feature(string name, string cache) => $$"""
        "Features": { "{{name}}": { "Cache": { {{cache}} } } }
        """;

    private static CachePolicy? Policy(Gateway.GatewayOptions options, string feature) =>
        options.Features.TryGetValue(feature, out var settings) ? settings.Cache.Policy : null;

    private static string Prompt(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
