using System.ClientModel;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing.Clients;

namespace Tollgate.EndToEnd.Tests.RateLimits;

/// <summary>
/// Rate limits of scope <c>tag</c> through the official OpenAI SDK: <c>Match: project=atlas</c> counts the requests
/// carrying that tag with one allowance and leaves untagged ones alone; <c>Match: project</c> gives each value its own.
/// The gateway's clock stands still, so no allowance refills during a test.
/// </summary>
public sealed class TagRateLimitTests(RateLimitedGateway fixture) : IClassFixture<RateLimitedGateway>
{
    [Fact]
    public async Task The_third_call_carrying_the_tag_is_refused_with_429_and_untagged_calls_pass()
    {
        await fixture.ConfigureAsync(
            "\"RateLimits\": [ { \"Scope\": \"tag\", \"Match\": \"project=atlas\", \"RequestsPerMinute\": 2 } ]",
            options => options.RateLimits.Count == 1 && options.RateLimits[0].Match == "project=atlas");

        await ChatAsync("Atlas one.", "project=atlas");
        await ChatAsync("Atlas two.", "env=dev, Project=atlas");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => ChatAsync("Atlas three.", "project=atlas"));
        var untagged = await ChatAsync("Untagged.", tags: null);
        var otherProject = await ChatAsync("Zeus.", "project=zeus");

        Assert.Equal(429, refused.Status);
        var response = refused.GetRawResponse()!;
        Assert.True(response.Headers.TryGetValue("x-tollgate-ratelimit-scope", out var scope));
        Assert.Equal("tag:project=atlas", scope);
        Assert.Equal("rate_limit_exceeded", Wire.Parse(response.Content.ToString()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal((200, 200), (untagged.GetRawResponse().Status, otherProject.GetRawResponse().Status));
    }

    [Fact]
    public async Task A_rule_naming_only_the_tag_key_gives_each_value_its_own_allowance()
    {
        await fixture.ConfigureAsync(
            "\"RateLimits\": [ { \"Scope\": \"tag\", \"Match\": \"project\", \"RequestsPerMinute\": 1 } ]",
            options => options.RateLimits.Count == 1 && options.RateLimits[0].Match == "project");
        var apollo = "apollo-" + Guid.NewGuid().ToString("N")[..8];
        var gemini = "gemini-" + Guid.NewGuid().ToString("N")[..8];

        await ChatAsync("Apollo one.", "project=" + apollo);
        var gem = await ChatAsync("Gemini one.", "project=" + gemini);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => ChatAsync("Apollo two.", "project=" + apollo));
        var untagged = await ChatAsync("Untagged, twice.", tags: null);
        var untaggedAgain = await ChatAsync("Untagged, twice again.", tags: null);

        Assert.Equal(200, gem.GetRawResponse().Status);
        Assert.Equal(429, refused.Status);
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("x-tollgate-ratelimit-scope", out var scope));
        Assert.Equal("tag:project=" + apollo, scope);
        Assert.Equal((200, 200), (untagged.GetRawResponse().Status, untaggedAgain.GetRawResponse().Status));
    }

    private Task<ClientResult> ChatAsync(string prompt, string? tags) =>
        TaggedChat.SendAsync(SdkClients.OpenAIChat(fixture.BaseAddress), $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"[tag limit] {{prompt}}"}]}""", tags);
}
