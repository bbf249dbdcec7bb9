using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.Chat;
using Tollgate.Core.Exchange;
using Tollgate.Core.Tokens;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Providers.Simulation;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// What the semantic cache's OpenAI-compatible embedder costs is in the ledger: each eligible request's embedding call
/// is a settled row of its own, <c>{request id}.embedding</c>, on <c>/v1/embeddings</c>, with the tokens the endpoint
/// reported, priced from the catalog, attributed as the request is, and in <c>/admin/spend</c> by model.
/// </summary>
public sealed class SemanticEmbeddingSpendTests(EmbeddingSpendGateway fixture) : IClassFixture<EmbeddingSpendGateway>, IAsyncLifetime
{
    private readonly CacheClients _clients = new(fixture.BaseAddress);

    /// <summary>
    /// One eligible request first, whatever becomes of it: the gateway's first embedding call (its connection, its code's
    /// first run) can outlast the embedder's 10-second timeout on a loaded machine, and these tests are about answered calls.
    /// </summary>
    public async Task InitializeAsync()
    {
        using var warmUp = new CacheClients(fixture.BaseAddress);
        warmUp.Headers.Values["x-tollgate-task"] = "classification";
        await warmUp.Chat.CompleteChatAsync([new UserChatMessage("Warm up " + Guid.NewGuid().ToString("N")[..8])], CacheClients.Deterministic());
    }

    public Task DisposeAsync()
    {
        _clients.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_eligible_request_leaves_a_row_of_its_own_for_its_embedding_call_priced_and_attributed_like_it()
    {
        var feature = "triage-" + Guid.NewGuid().ToString("N")[..8];
        var question = "Which team handles refunds for order " + Guid.NewGuid().ToString("N")[..6] + "?";
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        _clients.Headers.Values["x-tollgate-feature"] = feature;
        _clients.Headers.Values["x-tollgate-user"] = "user-417";
        _clients.Headers.Values["x-tollgate-team"] = "support";

        var answer = await _clients.Chat.CompleteChatAsync([new SystemChatMessage("Route the ticket."), new UserChatMessage(question)], CacheClients.Deterministic());

        var requestId = CacheClients.Header(answer, "x-tollgate-request-id")!;
        var request = await fixture.RowAsync(requestId);
        var row = await fixture.EmbeddingRowAsync(requestId);
        Assert.True(row is { Status: 200, ErrorType: null }, $"the embedding call ended {row.Status} {row.ErrorType} ({row.Warning})");
        var tokens = TokenCounter.Shared.CountText(EmbeddingSpendGateway.Model, question);
        Assert.True(tokens > 0);
        Assert.Equal(
            (requestId + ".embedding", "/v1/embeddings", "127.0.0.1", EmbeddingSpendGateway.Model, EmbeddingSpendGateway.Model),
            (row.RequestId, row.Endpoint, row.Provider, row.RequestedModel, row.ServedModel));
        Assert.Equal((tokens, 0L, 0L), (row.InputTokens, row.OutputTokens, row.CachedInputTokens));
        Assert.Equal(PublishedPrices.TextEmbedding3Small(tokens), row.CostUsd);
        Assert.Equal(row.CostUsd, row.BaselineCostUsd);
        Assert.Equal((200, 1, (string?)null, (string?)null, (string?)null), (row.Status, row.Attempts, row.ErrorType, row.Lever, row.Warning));
        Assert.Empty(row.Savings);
        Assert.Equal(CacheStatuses.Bypass, row.CacheStatus);
        Assert.Equal(
            (feature, "user-417", "support", "classification", "interactive"),
            (row.Feature, row.User, row.Team, row.TaskType, row.WorkloadClass));
        Assert.Equal((request.Feature, request.User, request.Team, request.KeyName), (row.Feature, row.User, row.Team, row.KeyName));
        Assert.Equal("miss", request.CacheStatus);
        Assert.Equal(1, (await fixture.Simulator.GetRequestsAsync()).Count(call => call.Path == "/v1/embeddings" && call.Model == EmbeddingSpendGateway.Model && call.Status == 200 && IsAbout(call, question)));
    }

    [Fact]
    public async Task Spend_by_model_shows_the_embedding_model_beside_the_chat_model()
    {
        var since = DateTimeOffset.UtcNow;
        _clients.Headers.Values["x-tollgate-task"] = "extraction";
        var question = "Extract the city from: shipped to Lyon on " + Guid.NewGuid().ToString("N")[..6];

        var answer = await _clients.Chat.CompleteChatAsync([new UserChatMessage(question)], CacheClients.Deterministic());
        var row = await fixture.EmbeddingRowAsync(CacheClients.Header(answer, "x-tollgate-request-id")!);

        var report = await fixture.Http.GetFromJsonAsync<JsonElement>("admin/spend?group_by=model&since=" + Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture)));
        var models = report.GetProperty("rows").EnumerateArray().ToDictionary(group => group.GetProperty("group").GetString()!);
        var embedding = models[EmbeddingSpendGateway.Model];
        Assert.Equal((1L, 0L, row.CostUsd), (embedding.GetProperty("requests").GetInt64(), embedding.GetProperty("unpriced_requests").GetInt64(), embedding.GetProperty("cost_usd").GetDecimal()));
        Assert.True(row.CostUsd > 0m, $"cost {row.CostUsd}");
        Assert.Contains(answer.Value.Model, models.Keys);
    }

    /// <summary>Whether the simulator's call embedded <paramref name="text"/> (the request log keeps bodies when asked to).</summary>
    private static bool IsAbout(SimulatedRequest call, string text) => call.Body?.Contains(text, StringComparison.Ordinal) == true;
}
