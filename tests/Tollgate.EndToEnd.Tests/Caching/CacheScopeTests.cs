using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Core.Caching;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// Entries never cross callers a scope separates: under <c>team</c> (the default) two keys of one team share entries
/// and another team's key misses them; under <c>key</c> each key has its own; under <c>global</c> everyone shares. The
/// scope is changed in the configuration file while the gateway runs.
/// </summary>
public sealed class CacheScopeTests(CachingGateway fixture) : IClassFixture<CachingGateway>, IAsyncLifetime
{
    private string _alpha = null!, _alphaToo = null!, _beta = null!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _alpha = await CreateKeyAsync("alpha-" + suffix, "alpha");
        _alphaToo = await CreateKeyAsync("alpha-too-" + suffix, "alpha");
        _beta = await CreateKeyAsync("beta-" + suffix, "beta");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Under_team_scope_a_teammates_key_hits_and_another_teams_key_misses()
    {
        await fixture.ConfigureAsync("\"Cache\": { \"Scope\": \"Team\" }", options => options.Cache.Scope == CacheKeyScope.Team);
        var prompt = Prompt("Classify: team memo");

        var stored = await StoreAsync(_alpha, prompt);
        var teammate = await CallAsync(_alphaToo, prompt);
        var otherTeam = await CallAsync(_beta, prompt);

        Assert.Equal(("miss", "hit", "miss"), (stored.Cache, teammate.Cache, otherTeam.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task Under_key_scope_another_key_of_the_same_team_misses()
    {
        await fixture.ConfigureAsync("\"Cache\": { \"Scope\": \"Key\" }", options => options.Cache.Scope == CacheKeyScope.Key);
        var prompt = Prompt("Classify: key memo");

        var stored = await StoreAsync(_alpha, prompt);
        var sameTeam = await CallAsync(_alphaToo, prompt);
        var sameKey = await CallAsync(_alpha, prompt);

        Assert.Equal(("miss", "miss", "hit"), (stored.Cache, sameTeam.Cache, sameKey.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task Under_global_scope_another_teams_key_hits()
    {
        await fixture.ConfigureAsync("\"Cache\": { \"Scope\": \"Global\" }", options => options.Cache.Scope == CacheKeyScope.Global);
        var prompt = Prompt("Classify: public memo");

        var stored = await StoreAsync(_alpha, prompt);
        var otherTeam = await CallAsync(_beta, prompt);

        Assert.Equal(("miss", "hit"), (stored.Cache, otherTeam.Cache));
        Assert.Equal(1, await fixture.UpstreamCallsAsync(prompt));
    }

    private async Task<RawCall> StoreAsync(string key, string prompt)
    {
        var entries = await fixture.EntriesAsync();
        var call = await CallAsync(key, prompt);
        await fixture.WaitForEntriesAsync(entries + 1);
        return call;
    }

    private Task<RawCall> CallAsync(string key, string prompt) =>
        RawCall.PostAsKeyAsync(fixture.Http, key, "v1/chat/completions", RawCall.Chat(prompt));

    private async Task<string> CreateKeyAsync(string name, string team)
    {
        using var response = await fixture.Http.PostAsJsonAsync("admin/keys", new Dictionary<string, string> { ["name"] = name, ["team"] = team });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    private static string Prompt(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
