using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Tollgate.Gateway.Caching;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// The semantic cache is on by default, yet a gateway that never sees a request it may answer never makes it, so its
/// embedding model is never loaded and the gateway keeps its idle memory. Checked on the gateway's own semantic cache
/// rather than on the process's assemblies, which other tests in this process load.
/// </summary>
public sealed class SemanticModelLoadTests : CachingGateway
{
    [Fact]
    public async Task A_gateway_that_sees_no_eligible_request_never_makes_the_semantic_cache()
    {
        using var clients = new CacheClients(BaseAddress);
        var marker = "Chat " + Guid.NewGuid().ToString("N")[..12];
        var stored = await EntriesAsync();

        clients.Headers.Values["x-tollgate-task"] = "chat";
        await clients.Chat.CompleteChatAsync([new SystemChatMessage(marker), new UserChatMessage("How do I reset my password?")], CacheClients.Deterministic());
        clients.Headers.Values["x-tollgate-task"] = "classification";
        await clients.Chat.CompleteChatAsync([new SystemChatMessage(marker), new UserChatMessage("How do I reset my password?")], CacheClients.Deterministic(0.7f));
        await WaitForEntriesAsync(stored + 1);

        Assert.Equal(2, await UpstreamCallsAsync(marker));
        Assert.Null(Gateway.Services.GetRequiredService<SemanticCaching>().IfCreated);
    }
}
