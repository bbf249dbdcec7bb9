using OpenAI.Chat;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Caching;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Gateway.Diagnostics;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// The semantic cache through the HTTP surface with the official OpenAI SDK and the real MiniLM model: a paraphrase of a
/// stored classification is answered from the store; what the gate keeps out (chats, requests without a task type, a
/// feature that says never), what the partition separates (another system prompt) and what the guards or a stricter
/// threshold turn down goes to the provider. Each test puts its own marker in the system prompt, so the tests share one
/// gateway without sharing partitions, and counts the simulator's calls carrying that marker.
/// </summary>
public sealed class SemanticCacheTests(SemanticCachingGateway fixture) : IClassFixture<SemanticCachingGateway>, IDisposable
{
    private const string Asked = "How do I reset my password?";
    private const string Paraphrase = "What are the steps to reset my password?";

    private readonly CacheClients _clients = new(fixture.BaseAddress);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_paraphrase_of_a_stored_classification_is_a_semantic_hit_that_makes_no_upstream_call()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";

        var (live, hit) = await AskTwiceAsync(system, Asked, Paraphrase);

        Assert.Equal("miss", CacheClients.Header(live, "x-tollgate-cache"));
        Assert.Equal("semantic-hit", CacheClients.Header(hit, "x-tollgate-cache"));
        Assert.Equal(live.Value.Content[0].Text, hit.Value.Content[0].Text);
        Assert.Equal(1, await fixture.UpstreamCallsAsync(system));
        var similarity = double.Parse(CacheClients.Header(hit, "x-tollgate-similarity")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(similarity, 0.9, 1.0);
        Assert.Null(CacheClients.Header(live, "x-tollgate-similarity"));
        var row = await fixture.RowAsync(CacheClients.Header(hit, "x-tollgate-request-id")!);
        Assert.Equal(Levers.Semantic, row.Lever);
        Assert.Equal(CacheStatuses.SemanticHit, row.CacheStatus);
        Assert.Equal(0m, row.CostUsd);
        Assert.True(row.BaselineCostUsd > 0m, $"baseline {row.BaselineCostUsd}");
    }

    [Fact]
    public async Task Hits_are_counted_on_the_gateway_meter_by_lever()
    {
        var levers = new ConcurrentQueue<string>();
        // Only this gateway's meter: other gateways in this process have meters of their own.
        var meters = fixture.Gateway.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == GatewayMeter.CacheHitsName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == GatewayMeter.LeverTag)
                {
                    levers.Enqueue((string)tag.Value!);
                }
            }
        });
        listener.Start();
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";

        await AskTwiceAsync(system, Asked, Paraphrase);
        await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Asked)], CacheClients.Deterministic());

        Assert.Equal([Levers.Semantic, Levers.Exact], levers.ToArray());
    }

    [Fact]
    public async Task A_minimal_pair_enable_and_disable_two_factor_is_a_miss()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";

        var (first, second) = await AskTwiceAsync(system, "How do I enable two-factor authentication?", "How do I disable two-factor authentication?");

        Assert.Equal(("miss", "miss"), (CacheClients.Header(first, "x-tollgate-cache"), CacheClients.Header(second, "x-tollgate-cache")));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("creative")]
    [InlineData(null)]
    public async Task A_paraphrase_of_a_request_without_a_stable_task_type_is_a_miss(string? task)
    {
        var system = SystemPrompt();
        if (task is not null)
        {
            _clients.Headers.Values["x-tollgate-task"] = task;
        }

        var (_, second) = await AskTwiceAsync(system, Asked, Paraphrase);

        Assert.Equal("miss", CacheClients.Header(second, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task A_feature_that_declares_its_task_a_classification_gets_semantic_hits_without_the_header()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-feature"] = SemanticCachingGateway.Classifier;

        var (_, hit) = await AskTwiceAsync(system, Asked, Paraphrase);

        Assert.Equal("semantic-hit", CacheClients.Header(hit, "x-tollgate-cache"));
        Assert.Equal(1, await fixture.UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task The_same_message_under_another_system_prompt_is_a_miss()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        var stored = await fixture.EntriesAsync();
        await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system + " Label the intent."), new UserChatMessage(Asked)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);

        var other = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system + " Label the mood."), new UserChatMessage(Paraphrase)], CacheClients.Deterministic());

        Assert.Equal("miss", CacheClients.Header(other, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task A_request_asking_for_similarity_0_99_misses_a_paraphrase()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        var stored = await fixture.EntriesAsync();
        await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Asked)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);

        _clients.Headers.Values["x-tollgate-similarity-threshold"] = "0.99";
        var strict = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Paraphrase)], CacheClients.Deterministic());

        Assert.Equal("miss", CacheClients.Header(strict, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Theory]
    [InlineData("high")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    public async Task A_malformed_similarity_threshold_is_ignored(string threshold)
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        var stored = await fixture.EntriesAsync();
        await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Asked)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);

        _clients.Headers.Values["x-tollgate-similarity-threshold"] = threshold;
        var hit = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Paraphrase)], CacheClients.Deterministic());

        Assert.Equal("semantic-hit", CacheClients.Header(hit, "x-tollgate-cache"));
    }

    [Fact]
    public async Task A_feature_whose_semantic_cache_is_never_misses_a_paraphrase()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        _clients.Headers.Values["x-tollgate-feature"] = SemanticCachingGateway.ExactOnly;

        var (_, second) = await AskTwiceAsync(system, Asked, Paraphrase);

        Assert.Equal("miss", CacheClients.Header(second, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task A_purged_entry_is_not_served_to_a_paraphrase()
    {
        var system = SystemPrompt();
        var feature = "purged-" + Guid.NewGuid().ToString("N")[..8];
        _clients.Headers.Values["x-tollgate-task"] = "classification";
        _clients.Headers.Values["x-tollgate-feature"] = feature;
        var stored = await fixture.EntriesAsync();
        await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Asked)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);

        Assert.Equal(1, await fixture.Store.PurgeAsync(new Tollgate.Core.Caching.CachePurgeFilter(Feature: feature)));
        var after = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Paraphrase)], CacheClients.Deterministic());

        Assert.Equal("miss", CacheClients.Header(after, "x-tollgate-cache"));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(system));
    }

    [Fact]
    public async Task The_built_in_embedder_costs_nothing_and_records_no_embedding_row()
    {
        var system = SystemPrompt();
        _clients.Headers.Values["x-tollgate-task"] = "classification";

        var answer = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(Asked)], CacheClients.Deterministic());
        await fixture.Gateway.Services.GetRequiredService<SemanticEmbeddingSpend>().FlushAsync();

        var requestId = CacheClients.Header(answer, "x-tollgate-request-id")!;
        Assert.Equal("miss", (await fixture.RowAsync(requestId)).CacheStatus);
        using var embedding = await fixture.Http.GetAsync("admin/requests/" + Uri.EscapeDataString(requestId + SemanticEmbeddingExchange.RequestIdSuffix));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, embedding.StatusCode);
    }

    /// <summary>Asks <paramref name="first"/>, waits until its answer is stored, then asks <paramref name="second"/>, both under <paramref name="system"/>.</summary>
    private async Task<(System.ClientModel.ClientResult<ChatCompletion> First, System.ClientModel.ClientResult<ChatCompletion> Second)> AskTwiceAsync(string system, string first, string second)
    {
        var stored = await fixture.EntriesAsync();
        var one = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(first)], CacheClients.Deterministic());
        await fixture.WaitForEntriesAsync(stored + 1);
        var two = await _clients.Chat.CompleteChatAsync([new SystemChatMessage(system), new UserChatMessage(second)], CacheClients.Deterministic());
        return (one, two);
    }

    private static string SystemPrompt() => "Support desk " + Guid.NewGuid().ToString("N")[..12] + ".";
}
