using System.Text;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Semantic.Embedding;
using Tollgate.Semantic.Evaluation;
using Tollgate.Semantic.Index;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Testing;

namespace Tollgate.Semantic.Tests;

/// <summary>The facade the cache stage calls, on the real MiniLM model.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class SemanticCacheTests(MiniLmFixture miniLm)
{
    // Below the default, as a feature may set it: similarity alone would serve the pairs the guards must stop.
    private const float Lenient = 0.85f;
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(1);
    private readonly CacheKey _partition = Key("team core / gpt-4o-mini / classify");

    private static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    private SemanticCache NewCache(CountingEmbeddingGenerator? counting = null) =>
        new(counting ?? (Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>)miniLm.Generator, miniLm.Generator.ModelId, miniLm.Generator.DefaultThreshold, new SemanticIndex(LocalEmbeddingGenerator.Dimensions));

    private async Task<SemanticCache> CacheRemembering(params string[] prompts)
    {
        var cache = NewCache();
        foreach (var prompt in prompts)
        {
            var lookup = await cache.FindAsync(_partition, prompt, cache.DefaultThreshold);
            Assert.True(cache.Remember(_partition, Key(prompt), lookup.Prompt, Later));
        }

        return cache;
    }

    [Fact]
    public async Task A_paraphrase_is_answered_with_the_stored_entry_and_its_similarity()
    {
        var cache = await CacheRemembering("How do I activate my new card?", "What is the exchange rate for euros?");

        var lookup = await cache.FindAsync(_partition, "How can I activate my new card?", cache.DefaultThreshold);

        Assert.NotNull(lookup.Match);
        Assert.Equal(Key("How do I activate my new card?"), lookup.Match.EntryKey);
        Assert.InRange(lookup.Match.Similarity, cache.DefaultThreshold, 1f);
        Assert.Equal("How do I activate my new card?", lookup.Match.StoredPrompt);
    }

    [Fact]
    public async Task Disable_is_close_enough_to_enable_to_pass_the_threshold_yet_is_not_served()
    {
        var cache = await CacheRemembering("How do I enable two-factor authentication?");
        var query = await cache.EmbedAsync("How do I disable two-factor authentication?");

        var unguarded = cache.Find(_partition, query, Lenient, guards: false);
        var guarded = cache.Find(_partition, query, Lenient);

        Assert.NotNull(unguarded.Match);
        Assert.Null(guarded.Match);
        Assert.Equal(1, guarded.Rejected);
    }

    [Fact]
    public async Task A_negated_question_is_close_enough_to_pass_the_threshold_yet_is_not_served()
    {
        var cache = await CacheRemembering("Is my card working abroad?");
        var query = await cache.EmbedAsync("Is my card not working abroad?");

        Assert.NotNull(cache.Find(_partition, query, Lenient, guards: false).Match);
        Assert.Null(cache.Find(_partition, query, Lenient).Match);
    }

    [Fact]
    public async Task No_built_in_minimal_pair_is_served_at_the_default_threshold()
    {
        var cache = NewCache();
        var served = new List<MinimalPair>();
        foreach (var (pair, i) in EvaluationData.BuiltInMinimalPairs().Select((p, i) => (p, i)))
        {
            var partition = Key("pair " + i);
            var first = await cache.FindAsync(partition, pair.First, cache.DefaultThreshold);
            cache.Remember(partition, Key(pair.First), first.Prompt, Later);
            if ((await cache.FindAsync(partition, pair.Second, cache.DefaultThreshold)).Match is not null)
            {
                served.Add(pair);
            }
        }

        Assert.Empty(served);
    }

    [Fact]
    public async Task A_rejected_top_candidate_gives_way_to_the_next_one()
    {
        var cache = await CacheRemembering("How do I disable two-factor authentication on my account?", "How to enable two factor auth on account?");
        var query = await cache.EmbedAsync("How do I enable two-factor authentication on my account?");

        var unguarded = cache.Find(_partition, query, Lenient, guards: false);
        var lookup = cache.Find(_partition, query, Lenient);

        Assert.Equal("How do I disable two-factor authentication on my account?", unguarded.Match?.StoredPrompt);
        Assert.Equal("How to enable two factor auth on account?", lookup.Match?.StoredPrompt);
        Assert.Equal(1, lookup.Rejected);
    }

    [Fact]
    public async Task Another_partition_misses_even_for_the_same_prompt()
    {
        var cache = await CacheRemembering("How do I activate my new card?");

        var lookup = await cache.FindAsync(Key("team other"), "How do I activate my new card?", cache.DefaultThreshold);

        Assert.Null(lookup.Match);
    }

    [Fact]
    public async Task A_miss_is_remembered_with_the_vector_of_its_lookup_without_embedding_again()
    {
        var counting = new CountingEmbeddingGenerator(miniLm.Generator);
        var cache = NewCache(counting);

        var miss = await cache.FindAsync(_partition, "Where is my card?", cache.DefaultThreshold);
        cache.Remember(_partition, Key("Where is my card?"), miss.Prompt, Later);

        Assert.Null(miss.Match);
        Assert.Equal(1, counting.Embedded);
        Assert.NotNull((await cache.FindAsync(_partition, "Where is my card?", cache.DefaultThreshold)).Match);
    }

    [Fact]
    public async Task A_forgotten_entry_is_not_served()
    {
        var cache = await CacheRemembering("How do I activate my new card?");

        Assert.True(cache.Forget(Key("How do I activate my new card?")));

        Assert.Null((await cache.FindAsync(_partition, "How do I activate my new card?", cache.DefaultThreshold)).Match);
    }

    [Fact]
    public async Task A_prompt_embedded_by_another_embedder_is_not_remembered()
    {
        var cache = NewCache();
        var other = new SemanticCache(miniLm.Generator, "another-model@1", 0.9f, new SemanticIndex(LocalEmbeddingGenerator.Dimensions));
        var prompt = await other.EmbedAsync("Where is my card?");

        Assert.False(cache.Remember(_partition, Key("Where is my card?"), prompt, Later));
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_store_after_a_restart_with_this_embedders_entries_only()
    {
        using var directory = new TemporaryDirectory();
        var before = NewCache();
        using (var store = SqliteCacheStore.Open(directory.Path))
        {
            foreach (var (text, embedder) in new[] { ("How do I activate my new card?", before.EmbedderId), ("What is the exchange rate for euros?", "another-model@1") })
            {
                var lookup = await before.FindAsync(_partition, text, before.DefaultThreshold);
                var semantics = lookup.Prompt.ToEntrySemantics(_partition);
                await store.PutAsync(Entry(text, embedder == before.EmbedderId ? semantics : new CacheEntrySemantics
                {
                    Partition = semantics.Partition,
                    Prompt = semantics.Prompt,
                    Embedder = embedder,
                    Vector = semantics.Vector,
                }));
            }

            await store.PutAsync(Entry("Exact only", null));
        }

        var after = NewCache();
        using (var reopened = SqliteCacheStore.Open(directory.Path))
        {
            Assert.Equal(1, await after.RebuildAsync(reopened));
        }

        Assert.Equal(Key("How do I activate my new card?"), (await after.FindAsync(_partition, "How can I activate my new card?", after.DefaultThreshold)).Match?.EntryKey);
        Assert.Null((await after.FindAsync(_partition, "What is the exchange rate for euros?", after.DefaultThreshold)).Match);
    }

    private static CacheEntry Entry(string prompt, CacheEntrySemantics? semantics) => new()
    {
        Key = Key(prompt),
        Scope = "team:core",
        Model = "gpt-4o-mini-2024-07-18",
        Protocol = WireProtocol.OpenAI,
        Status = 200,
        ContentType = "application/json",
        Body = Encoding.UTF8.GetBytes("""{"choices":[{"message":{"content":"card_activation"}}]}"""),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = Later,
        Semantics = semantics,
    };
}
