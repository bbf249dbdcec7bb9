using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Controls;

/// <summary>
/// The controls are read per request: an edit of the configuration file (a new default limit, a feature switched off,
/// a global limit) applies to the next request without a restart.
/// </summary>
public sealed class ControlsReloadTests(ControlsGateway fixture) : IClassFixture<ControlsGateway>
{
    [Fact]
    public async Task Controls_edited_in_the_config_file_apply_to_the_next_request()
    {
        using var clients = fixture.ClientsFor("brief");
        var before = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("Before"))]);

        await fixture.ConfigureAsync(
            """
            "Output": { "MaxTokensCap": 4 },
            "Features": { "brief": { "Output": { "DefaultMaxTokens": 3 } }, "retired": { "Enabled": true } }
            """,
            options => options.Output.MaxTokensCap == 4);
        var after = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("After"))]);
        var unnamed = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(ControlsGateway.Unique("No feature"), "\"max_tokens\":50"));
        clients.Headers.Values["x-tollgate-feature"] = "retired";
        var revived = await clients.Chat.CompleteChatAsync([new UserChatMessage(ControlsGateway.Unique("Revived"))]);

        Assert.Equal(6, (await fixture.UpstreamBodyAsync(CacheClients.Header(before, "x-tollgate-request-id")!)).GetProperty("max_tokens").GetInt32());
        Assert.Equal(3, (await fixture.UpstreamBodyAsync(CacheClients.Header(after, "x-tollgate-request-id")!)).GetProperty("max_tokens").GetInt32());
        Assert.Equal(4, (await fixture.UpstreamBodyAsync(unnamed.RequestId)).GetProperty("max_tokens").GetInt32());
        Assert.Equal(200, revived.GetRawResponse().Status);
    }
}
