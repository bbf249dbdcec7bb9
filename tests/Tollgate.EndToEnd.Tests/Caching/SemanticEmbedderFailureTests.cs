using System.Net;
using System.Net.Sockets;
using OpenAI.Chat;
using Tollgate.Core.Exchange;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// An embedder that fails is a semantic miss, never a failed request: a gateway whose OpenAI-compatible embeddings
/// endpoint refuses every connection answers eligible requests from the provider and still serves identical ones from
/// the exact cache. The embedding call that failed is still a ledger row, at no cost: nothing reached a provider to bill.
/// </summary>
public sealed class SemanticEmbedderFailureTests : CachingGateway
{
    protected override string InitialSettings => $$"""
        "Cache": { "Semantic": { "Embedder": "OpenAI", "Endpoint": "http://127.0.0.1:{{ClosedPort()}}/v1", "Model": "text-embedding-3-small" } }
        """;

    [Fact]
    public async Task An_unreachable_embedder_makes_eligible_requests_misses_and_leaves_the_exact_cache_working()
    {
        using var clients = new CacheClients(BaseAddress);
        clients.Headers.Values["x-tollgate-task"] = "classification";
        var system = "Support desk " + Guid.NewGuid().ToString("N")[..12] + ".";
        var stored = await EntriesAsync();

        var first = await clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage("How do I reset my password?")], CacheClients.Deterministic());
        await WaitForEntriesAsync(stored + 1);
        var paraphrase = await clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage("What are the steps to reset my password?")], CacheClients.Deterministic());
        var identical = await clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage("How do I reset my password?")], CacheClients.Deterministic());

        Assert.Equal(
            ("miss", "miss", "hit"),
            (CacheClients.Header(first, "x-tollgate-cache"), CacheClients.Header(paraphrase, "x-tollgate-cache"), CacheClients.Header(identical, "x-tollgate-cache")));
        Assert.Equal(2, await UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task An_embedding_call_that_reached_no_endpoint_is_a_row_that_cost_nothing()
    {
        using var clients = new CacheClients(BaseAddress);
        clients.Headers.Values["x-tollgate-task"] = "classification";
        clients.Headers.Values["x-tollgate-feature"] = "unreachable-embedder";

        var answer = await clients.Chat.CompleteChatAsync([new UserChatMessage("Is this a billing question? " + Guid.NewGuid().ToString("N")[..8])], CacheClients.Deterministic());

        var requestId = CacheClients.Header(answer, "x-tollgate-request-id")!;
        var row = await EmbeddingRowAsync(requestId);
        Assert.Equal((0, ErrorTypes.UpstreamUnreachable, 0m, 0m, 0L), (row.Status, row.ErrorType, row.CostUsd, row.BaselineCostUsd, row.InputTokens));
        Assert.Equal(("/v1/embeddings", "text-embedding-3-small", "unreachable-embedder", 1), (row.Endpoint, row.RequestedModel, row.Feature, row.Attempts));
        var attempt = Assert.Single(row.AttemptRecords);
        Assert.Equal((0, ErrorTypes.UpstreamUnreachable, 0m), (attempt.Status, attempt.ErrorType, attempt.CostUsd));
        Assert.Equal(200, (await RowAsync(requestId)).Status);
    }

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
