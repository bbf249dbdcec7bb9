using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ICacheStore"/> must do, written once and run against each implementation: derive a test class
/// and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts from empty
/// storage. Expiry is decided by <see cref="Time"/>, which the tests move by hand.
/// </summary>
public abstract class CacheStoreContract : StoreContract<ICacheStore>
{
    protected static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The clock every store of this test decides expiry by; it stands still unless a test moves it.</summary>
    protected FakeTimeProvider Time { get; } = new(Noon);

    /// <summary>
    /// Opens a store on this test instance's storage (empty at first), deciding expiry by <paramref name="time"/>. Each
    /// call must return an independent handle onto the same data, as a second process would have.
    /// </summary>
    protected abstract ValueTask<ICacheStore> OpenStoreAsync(TimeProvider time);

    /// <inheritdoc />
    protected sealed override ValueTask<ICacheStore> OpenStoreAsync() => OpenStoreAsync(Time);

    protected static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    protected static CacheEntry BodyEntry(
        string name,
        string body = """{"id":"chatcmpl-1","choices":[{"message":{"content":"Paris"}}]}""",
        string scope = "team:core",
        string? feature = "support",
        string model = "gpt-4o-mini-2024-07-18",
        DateTimeOffset? createdAt = null,
        TimeSpan? lifetime = null) => new()
        {
            Key = Key(name),
            Scope = scope,
            Feature = feature,
            Model = model,
            Protocol = WireProtocol.OpenAI,
            Status = 200,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes(body),
            CreatedAt = createdAt ?? Noon,
            ExpiresAt = (createdAt ?? Noon) + (lifetime ?? TimeSpan.FromDays(7)),
        };

    /// <summary>Asserts that <paramref name="actual"/> is <paramref name="expected"/>, field by field and byte for byte.</summary>
    protected static void AssertSameEntry(CacheEntry expected, CacheEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Key, expected.Scope, expected.Feature, expected.Model, expected.Protocol, expected.Status, expected.ContentType, expected.CreatedAt, expected.ExpiresAt),
            (actual.Key, actual.Scope, actual.Feature, actual.Model, actual.Protocol, actual.Status, actual.ContentType, actual.CreatedAt, actual.ExpiresAt));
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(expected.Events is null, actual.Events is null);
        if (expected.Events is not null)
        {
            Assert.Equal(expected.Events.Select(e => e.ToArray()), actual.Events!.Select(e => e.ToArray()));
        }
    }

    [Fact]
    public async Task A_stored_entry_is_found_with_every_field()
    {
        var entry = BodyEntry("q1", createdAt: Noon.AddTicks(1234567));

        await Store.PutAsync(entry);

        AssertSameEntry(entry, await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_entry_without_a_feature_keeps_it_empty()
    {
        await Store.PutAsync(BodyEntry("q1", feature: null));

        Assert.Null((await Store.GetAsync(Key("q1")))!.Feature);
    }

    [Fact]
    public async Task A_key_never_stored_misses()
    {
        await Store.PutAsync(BodyEntry("q1"));

        Assert.Null(await Store.GetAsync(Key("q2")));
    }

    [Fact]
    public async Task An_entry_is_served_until_the_instant_it_expires_and_not_from_then_on()
    {
        await Store.PutAsync(BodyEntry("q1", lifetime: TimeSpan.FromHours(1)));

        Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        Assert.NotNull(await Store.GetAsync(Key("q1")));

        Time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_expired_entry_is_not_served_after_a_reopen()
    {
        await Store.PutAsync(BodyEntry("q1", lifetime: TimeSpan.FromHours(1)));
        await Store.PutAsync(BodyEntry("q2", lifetime: TimeSpan.FromDays(1)));

        await ReopenAsync();
        Time.Advance(TimeSpan.FromHours(2));

        Assert.Null(await Store.GetAsync(Key("q1")));
        Assert.NotNull(await Store.GetAsync(Key("q2")));
    }

    [Fact]
    public async Task Expired_entries_are_not_counted()
    {
        await Store.PutAsync(BodyEntry("q1", body: "12345", lifetime: TimeSpan.FromHours(1)));
        await Store.PutAsync(BodyEntry("q2", body: "1234567", lifetime: TimeSpan.FromDays(1)));

        Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(new CacheStoreSize(Entries: 1, Bytes: 7), await Store.MeasureAsync());
    }

    [Fact]
    public async Task Storing_under_a_key_again_replaces_the_entry()
    {
        await Store.PutAsync(BodyEntry("q1", body: "first", feature: "support"));
        var second = BodyEntry("q1", body: "second answer", feature: "billing", createdAt: Noon.AddMinutes(5));

        await Store.PutAsync(second);

        AssertSameEntry(second, await Store.GetAsync(Key("q1")));
        Assert.Equal(new CacheStoreSize(Entries: 1, Bytes: "second answer".Length), await Store.MeasureAsync());
    }

    [Fact]
    public async Task A_replaced_entry_stays_replaced_after_a_reopen()
    {
        await Store.PutAsync(BodyEntry("q1", body: "first"));
        await Store.PutAsync(BodyEntry("q1", body: "second"));

        await ReopenAsync();

        Assert.Equal("second"u8.ToArray(), (await Store.GetAsync(Key("q1")))!.Body.ToArray());
    }

    [Fact]
    public async Task Removing_an_entry_removes_it_and_no_other()
    {
        await Store.PutAsync(BodyEntry("q1"));
        await Store.PutAsync(BodyEntry("q2"));

        Assert.True(await Store.RemoveAsync(Key("q1")));
        Assert.False(await Store.RemoveAsync(Key("q1")));

        Assert.Null(await Store.GetAsync(Key("q1")));
        Assert.NotNull(await Store.GetAsync(Key("q2")));
        await ReopenAsync();
        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task Entries_survive_a_reopen()
    {
        var entries = Enumerable.Range(0, 20).Select(i => BodyEntry($"q{i}", body: $"answer {i}", feature: i % 2 == 0 ? "support" : null)).ToArray();
        foreach (var entry in entries)
        {
            await Store.PutAsync(entry);
        }

        await ReopenAsync();

        foreach (var entry in entries)
        {
            AssertSameEntry(entry, await Store.GetAsync(entry.Key));
        }

        Assert.Equal(20, (await Store.MeasureAsync()).Entries);
    }

    [Fact]
    public async Task An_entry_stored_through_one_store_is_found_through_another()
    {
        var other = await OpenAnotherStoreAsync();

        await Store.PutAsync(BodyEntry("q1"));

        AssertSameEntry(BodyEntry("q1"), await other.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task A_stream_entry_round_trips_every_event_byte_for_byte()
    {
        byte[][] events =
        [
            "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"u8.ToArray(),
            [],
            "data: caf\u00e9 \r\n\r\n"u8.ToArray(),
            [0, 1, 2, 0xFF, 0xFE, (byte)'\n', 0],
            "data: [DONE]\n\n"u8.ToArray(),
        ];
        var entry = new CacheEntry
        {
            Key = Key("stream"),
            Scope = "key:backend",
            Feature = "chat",
            Model = "claude-3-5-haiku-20241022",
            Protocol = WireProtocol.Anthropic,
            Status = 200,
            ContentType = "text/event-stream; charset=utf-8",
            Events = events.Select(e => new ReadOnlyMemory<byte>(e)).ToArray(),
            CreatedAt = Noon,
            ExpiresAt = Noon.AddDays(1),
        };

        await Store.PutAsync(entry);
        AssertSameEntry(entry, await Store.GetAsync(entry.Key));
        await ReopenAsync();
        var found = await Store.GetAsync(entry.Key);

        AssertSameEntry(entry, found);
        Assert.True(found!.IsEventStream);
        Assert.Equal(events.Sum(e => e.Length), (await Store.MeasureAsync()).Bytes);
    }

    [Fact]
    public async Task A_found_stream_entry_answers_with_its_events_in_order_as_one_event_stream()
    {
        var entry = new CacheEntry
        {
            Key = Key("stream"),
            Scope = "global",
            Model = "gpt-4o-mini",
            Protocol = WireProtocol.OpenAI,
            Status = 200,
            ContentType = "text/event-stream",
            Events = [Encoding.UTF8.GetBytes("data: {\"n\":1}\n\n"), Encoding.UTF8.GetBytes("data: [DONE]\n\n")],
            CreatedAt = Noon,
            ExpiresAt = Noon.AddDays(1),
        };
        await Store.PutAsync(entry);
        await ReopenAsync();

        var answer = (await Store.GetAsync(entry.Key))!.ToAnswer();
        using var body = new MemoryStream();
        await (await answer.OpenBodyAsync(CancellationToken.None)).CopyToAsync(body);

        Assert.True(answer.IsEventStream);
        Assert.Equal("data: {\"n\":1}\n\ndata: [DONE]\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task A_large_body_round_trips_byte_for_byte_after_a_reopen()
    {
        var body = new byte[6 * 1024 * 1024 + 7];
        new Random(15).NextBytes(body);
        var entry = BodyEntry("large", body: "");
        entry = new CacheEntry
        {
            Key = entry.Key,
            Scope = entry.Scope,
            Feature = entry.Feature,
            Model = entry.Model,
            Protocol = entry.Protocol,
            Status = entry.Status,
            ContentType = entry.ContentType,
            Body = body,
            CreatedAt = entry.CreatedAt,
            ExpiresAt = entry.ExpiresAt,
        };

        await Store.PutAsync(entry);
        await ReopenAsync();

        Assert.Equal(body, (await Store.GetAsync(Key("large")))!.Body.ToArray());
        Assert.Equal(new CacheStoreSize(1, body.Length), await Store.MeasureAsync());
    }

    [Fact]
    public async Task Purging_by_feature_removes_only_that_features_entries()
    {
        await Store.PutAsync(BodyEntry("a", feature: "support"));
        await Store.PutAsync(BodyEntry("b", feature: "support"));
        await Store.PutAsync(BodyEntry("c", feature: "billing"));
        await Store.PutAsync(BodyEntry("d", feature: null));

        Assert.Equal(2, await Store.PurgeAsync(new CachePurgeFilter(Feature: "support")));

        Assert.Null(await Store.GetAsync(Key("a")));
        Assert.Null(await Store.GetAsync(Key("b")));
        Assert.NotNull(await Store.GetAsync(Key("c")));
        Assert.NotNull(await Store.GetAsync(Key("d")));
    }

    [Fact]
    public async Task Purging_by_model_removes_only_that_models_entries()
    {
        await Store.PutAsync(BodyEntry("a", model: "gpt-4o-2024-08-06"));
        await Store.PutAsync(BodyEntry("b", model: "gpt-4o-mini-2024-07-18"));

        Assert.Equal(1, await Store.PurgeAsync(new CachePurgeFilter(Model: "gpt-4o-2024-08-06")));

        Assert.Null(await Store.GetAsync(Key("a")));
        Assert.NotNull(await Store.GetAsync(Key("b")));
    }

    [Fact]
    public async Task Purging_by_age_removes_entries_created_before_the_cutoff_and_keeps_one_created_at_it()
    {
        await Store.PutAsync(BodyEntry("old", createdAt: Noon.AddTicks(-1)));
        await Store.PutAsync(BodyEntry("at", createdAt: Noon));
        await Store.PutAsync(BodyEntry("new", createdAt: Noon.AddHours(1)));

        Assert.Equal(1, await Store.PurgeAsync(new CachePurgeFilter(CreatedBefore: Noon)));

        Assert.Null(await Store.GetAsync(Key("old")));
        Assert.NotNull(await Store.GetAsync(Key("at")));
        Assert.NotNull(await Store.GetAsync(Key("new")));
    }

    [Fact]
    public async Task Purging_with_several_filters_removes_only_entries_matching_all_of_them()
    {
        await Store.PutAsync(BodyEntry("match", feature: "support", model: "m1", createdAt: Noon.AddDays(-2)));
        await Store.PutAsync(BodyEntry("other-feature", feature: "billing", model: "m1", createdAt: Noon.AddDays(-2)));
        await Store.PutAsync(BodyEntry("other-model", feature: "support", model: "m2", createdAt: Noon.AddDays(-2)));
        await Store.PutAsync(BodyEntry("too-new", feature: "support", model: "m1", createdAt: Noon));

        Assert.Equal(1, await Store.PurgeAsync(new CachePurgeFilter("support", "m1", Noon.AddDays(-1))));

        Assert.Null(await Store.GetAsync(Key("match")));
        Assert.Equal(3, (await Store.MeasureAsync()).Entries);
    }

    [Fact]
    public async Task Purging_everything_empties_the_store_for_good()
    {
        for (var i = 0; i < 1_100; i++)
        {
            await Store.PutAsync(BodyEntry($"q{i}", body: "x"));
        }

        Assert.Equal(1_100, await Store.PurgeAsync(CachePurgeFilter.All));

        Assert.Equal(new CacheStoreSize(0, 0), await Store.MeasureAsync());
        Assert.Null(await Store.GetAsync(Key("q0")));
        await ReopenAsync();
        Assert.Null(await Store.GetAsync(Key("q1099")));
    }

    [Fact]
    public async Task An_empty_store_measures_zero()
    {
        Assert.Equal(new CacheStoreSize(0, 0), await Store.MeasureAsync());
    }

    [Fact]
    public async Task Concurrent_writers_through_two_stores_store_every_entry()
    {
        var other = await OpenAnotherStoreAsync();
        var writes = Enumerable.Range(0, 300).Select(i =>
            Task.Run(async () =>
            {
                var store = i % 2 == 0 ? Store : other;
                await store.PutAsync(BodyEntry($"q{i}", body: $"answer {i}", feature: $"feature-{i % 7}"));
                await store.GetAsync(Key($"q{(i + 1) % 300}"));
            })).ToArray();

        await Task.WhenAll(writes);
        await ReopenAsync();

        for (var i = 0; i < 300; i++)
        {
            AssertSameEntry(BodyEntry($"q{i}", body: $"answer {i}", feature: $"feature-{i % 7}"), await Store.GetAsync(Key($"q{i}")));
        }

        Assert.Equal(300, (await Store.MeasureAsync()).Entries);
    }

    [Fact]
    public async Task Concurrent_replacements_of_one_key_leave_one_whole_entry()
    {
        var candidates = Enumerable.Range(0, 50).Select(i => BodyEntry("q1", body: new string((char)('a' + (i % 26)), 1000 + i), feature: $"f{i}")).ToArray();

        await Task.WhenAll(candidates.Select(entry => Task.Run(async () => await Store.PutAsync(entry))));

        var found = await Store.GetAsync(Key("q1"));
        var winner = Assert.Single(candidates, candidate => candidate.Feature == found!.Feature);
        AssertSameEntry(winner, found);
        await ReopenAsync();
        AssertSameEntry(winner, await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task Storing_with_a_cancelled_token_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync(BodyEntry("q1"), cancelled.Token).AsTask());

        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_entry_that_expires_before_it_was_created_is_refused()
    {
        var entry = BodyEntry("q1", lifetime: TimeSpan.Zero);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(entry).AsTask());

        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_entry_without_a_scope_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(BodyEntry("q1", scope: "")).AsTask());
    }

    protected static CacheEntrySemantics Semantics(string prompt, string partition = "partition", string embedder = "all-MiniLM-L6-v2@24.9.52193") => new()
    {
        Partition = Key(partition),
        Prompt = prompt,
        Embedder = embedder,
        Vector = Enumerable.Range(0, 384).Select(i => MathF.Sin(i + prompt.Length) / 10f).ToArray(),
    };

    protected static CacheEntry WithSemantics(CacheEntry entry, CacheEntrySemantics? semantics) => new()
    {
        Key = entry.Key,
        Scope = entry.Scope,
        Feature = entry.Feature,
        Model = entry.Model,
        Protocol = entry.Protocol,
        Status = entry.Status,
        ContentType = entry.ContentType,
        Body = entry.Body,
        Events = entry.Events,
        CreatedAt = entry.CreatedAt,
        ExpiresAt = entry.ExpiresAt,
        Semantics = semantics,
    };

    protected async Task<List<CacheSemanticRecord>> ReadSemanticPartsAsync(ICacheStore? store = null)
    {
        var records = new List<CacheSemanticRecord>();
        await foreach (var record in (store ?? Store).ReadSemanticPartsAsync())
        {
            records.Add(record);
        }

        return records;
    }

    private static void AssertSameSemantics(CacheEntrySemantics expected, CacheEntrySemantics? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Partition, expected.Prompt, expected.Embedder), (actual.Partition, actual.Prompt, actual.Embedder));
        Assert.Equal(expected.Vector.ToArray(), actual.Vector.ToArray());
    }

    [Fact]
    public async Task An_entry_with_a_semantic_part_is_found_with_it_bit_for_bit()
    {
        var semantics = Semantics("How do I activate my card? \u2019caf\u00e9\u2019");
        await Store.PutAsync(WithSemantics(BodyEntry("q1"), semantics));

        AssertSameSemantics(semantics, (await Store.GetAsync(Key("q1")))!.Semantics);
        await ReopenAsync();
        AssertSameSemantics(semantics, (await Store.GetAsync(Key("q1")))!.Semantics);
    }

    [Fact]
    public async Task An_entry_without_a_semantic_part_keeps_it_empty()
    {
        await Store.PutAsync(BodyEntry("q1"));
        await ReopenAsync();

        Assert.Null((await Store.GetAsync(Key("q1")))!.Semantics);
    }

    [Fact]
    public async Task The_semantic_parts_of_live_entries_are_read_back_after_a_reopen_and_entries_without_one_are_not()
    {
        await Store.PutAsync(WithSemantics(BodyEntry("q1", lifetime: TimeSpan.FromHours(3)), Semantics("first", partition: "p1")));
        await Store.PutAsync(WithSemantics(BodyEntry("q2"), Semantics("second", partition: "p2", embedder: "other@1")));
        await Store.PutAsync(BodyEntry("exact-only"));

        await ReopenAsync();
        var records = (await ReadSemanticPartsAsync()).OrderBy(r => r.Semantics.Prompt, StringComparer.Ordinal).ToList();

        Assert.Equal([Key("q1"), Key("q2")], records.Select(r => r.EntryKey));
        Assert.Equal(Noon.AddHours(3), records[0].ExpiresAt);
        AssertSameSemantics(Semantics("first", partition: "p1"), records[0].Semantics);
        AssertSameSemantics(Semantics("second", partition: "p2", embedder: "other@1"), records[1].Semantics);
    }

    [Fact]
    public async Task Expired_removed_purged_and_replaced_entries_leave_no_semantic_part_behind()
    {
        await Store.PutAsync(WithSemantics(BodyEntry("expired", lifetime: TimeSpan.FromHours(1)), Semantics("expired")));
        await Store.PutAsync(WithSemantics(BodyEntry("removed"), Semantics("removed")));
        await Store.PutAsync(WithSemantics(BodyEntry("purged", feature: "billing"), Semantics("purged")));
        await Store.PutAsync(WithSemantics(BodyEntry("replaced"), Semantics("replaced")));
        await Store.PutAsync(WithSemantics(BodyEntry("kept"), Semantics("kept")));

        await Store.RemoveAsync(Key("removed"));
        await Store.PurgeAsync(new CachePurgeFilter(Feature: "billing"));
        await Store.PutAsync(BodyEntry("replaced"));
        Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(["kept"], (await ReadSemanticPartsAsync()).Select(r => r.Semantics.Prompt));
    }

    [Fact]
    public async Task Every_semantic_part_is_read_exactly_once_however_many_there_are()
    {
        for (var i = 0; i < 2_345; i++)
        {
            await Store.PutAsync(WithSemantics(BodyEntry($"q{i}", body: "x"), Semantics($"prompt {i}")));
        }

        var other = await OpenAnotherStoreAsync();
        var prompts = (await ReadSemanticPartsAsync(other)).Select(r => r.Semantics.Prompt).ToList();

        Assert.Equal(2_345, prompts.Count);
        Assert.Equal(2_345, prompts.Distinct().Count());
    }

    [Fact]
    public async Task An_empty_store_has_no_semantic_parts()
    {
        Assert.Empty(await ReadSemanticPartsAsync());
    }

    [Fact]
    public async Task A_semantic_part_without_a_vector_or_with_a_non_finite_one_is_refused()
    {
        var empty = Semantics("p");
        empty = new CacheEntrySemantics { Partition = empty.Partition, Prompt = empty.Prompt, Embedder = empty.Embedder, Vector = ReadOnlyMemory<float>.Empty };
        var notANumber = Semantics("p");
        notANumber = new CacheEntrySemantics { Partition = notANumber.Partition, Prompt = notANumber.Prompt, Embedder = notANumber.Embedder, Vector = new[] { 0.5f, float.NaN } };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(WithSemantics(BodyEntry("q1"), empty)).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(WithSemantics(BodyEntry("q2"), notANumber)).AsTask());

        Assert.Null(await Store.GetAsync(Key("q1")));
        Assert.Null(await Store.GetAsync(Key("q2")));
    }
}
