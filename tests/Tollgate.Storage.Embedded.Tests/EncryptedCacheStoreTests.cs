using System.Security.Cryptography;
using System.Text;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// The encrypting decorator over the real SQLite store: a store like any other (the whole contract suite), whose file
/// holds no answer in clear, and whose sealed answers open only under their own encryption key, cache key and scope.
/// </summary>
public sealed class EncryptedCacheStoreTests : CacheStoreContract
{
    private const string Secret = "The launch code is 7341-AZURE-FALCON";

    private static readonly byte[] EncryptionKey = RandomNumberGenerator.GetBytes(EncryptedCacheStore.KeyLength);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<SqliteCacheStore> _files = [];

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    protected override ValueTask<ICacheStore> OpenStoreAsync(TimeProvider time) =>
        ValueTask.FromResult<ICacheStore>(new EncryptedCacheStore(OpenFile(time), EncryptionKey));

    protected override ValueTask DeleteStorageAsync()
    {
        // The decorator does not own the store under it (the storage does, in the gateway): close those here.
        foreach (var file in _files)
        {
            file.Dispose();
        }

        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_stored_answer_is_nowhere_in_the_cache_file_in_clear()
    {
        await Store.PutAsync(BodyEntry("q1", body: Secret));
        await Store.PutAsync(StreamEntry("q2", Secret));

        Assert.False(FileHolds(Secret), "the cache file holds the answer in clear");
        Assert.Equal(Secret, Encoding.UTF8.GetString((await Store.GetAsync(Key("q1")))!.Body.Span));
    }

    [Fact]
    public async Task A_semantic_parts_prompt_is_nowhere_in_the_cache_file_in_clear_and_reads_back_whole()
    {
        var entry = BodyEntry("q1", body: "{}");
        entry = new CacheEntry
        {
            Key = entry.Key,
            Scope = entry.Scope,
            Feature = entry.Feature,
            Model = entry.Model,
            Protocol = entry.Protocol,
            Status = entry.Status,
            ContentType = entry.ContentType,
            Body = entry.Body,
            CreatedAt = entry.CreatedAt,
            ExpiresAt = entry.ExpiresAt,
            Semantics = new CacheEntrySemantics { Partition = Key("partition"), Prompt = Secret, Embedder = "test/1", Vector = new float[] { 0.6f, 0.8f } },
        };
        await Store.PutAsync(entry);

        Assert.False(FileHolds(Secret), "the cache file holds the prompt in clear");
        Assert.Equal(Secret, (await Store.GetAsync(Key("q1")))!.Semantics!.Prompt);
        var parts = new List<CacheSemanticRecord>();
        await foreach (var part in Store.ReadSemanticPartsAsync())
        {
            parts.Add(part);
        }

        Assert.Equal(Secret, Assert.Single(parts).Semantics.Prompt);
    }

    [Fact]
    public async Task Without_encryption_the_same_answer_is_readable_in_the_cache_file()
    {
        // The check above can see an answer in the file when one is there.
        await OpenFile(Time).PutAsync(BodyEntry("q1", body: Secret));

        Assert.True(FileHolds(Secret));
    }

    [Fact]
    public async Task A_stream_is_served_with_its_events_as_they_were_after_a_reopen()
    {
        var entry = StreamEntry("q1", Secret);
        await Store.PutAsync(entry);

        await ReopenAsync();

        AssertSameEntry(entry, await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task The_same_answer_stored_twice_is_sealed_with_a_new_nonce_each_time()
    {
        await Store.PutAsync(BodyEntry("q1", body: Secret));
        var first = (await OpenFile(Time).GetAsync(Key("q1")))!.Body.ToArray();
        await Store.PutAsync(BodyEntry("q1", body: Secret));
        var second = (await OpenFile(Time).GetAsync(Key("q1")))!.Body.ToArray();

        // A nonce used twice under one key gives the same ciphertext for the same answer, and gives away their XOR for two.
        Assert.Equal(Secret.Length + EncryptedCacheStore.Overhead, first.Length);
        Assert.NotEqual(first[EncryptedCacheStore.Overhead..], second[EncryptedCacheStore.Overhead..]);
    }

    [Fact]
    public async Task An_entry_sealed_under_another_encryption_key_is_a_miss_and_is_removed()
    {
        var file = OpenFile(Time);
        await new EncryptedCacheStore(file, RandomNumberGenerator.GetBytes(EncryptedCacheStore.KeyLength)).PutAsync(BodyEntry("q1", body: Secret));

        Assert.Null(await Store.GetAsync(Key("q1")));

        Assert.Null(await OpenFile(Time).GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_answer_moved_under_another_cache_key_does_not_open()
    {
        var file = OpenFile(Time);
        await Store.PutAsync(BodyEntry("q1", body: Secret));
        var sealedEntry = (await file.GetAsync(Key("q1")))!;

        await file.PutAsync(Copy(sealedEntry, key: Key("q2")));
        await ReopenAsync();

        Assert.Null(await Store.GetAsync(Key("q2")));
        Assert.NotNull(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task An_answer_moved_to_another_scope_does_not_open()
    {
        var file = OpenFile(Time);
        await Store.PutAsync(BodyEntry("q1", body: Secret, scope: "team:core"));
        var sealedEntry = (await file.GetAsync(Key("q1")))!;

        await file.PutAsync(Copy(sealedEntry, scope: "team:other"));
        await ReopenAsync();

        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task A_sealed_answer_with_one_byte_changed_does_not_open()
    {
        var file = OpenFile(Time);
        await Store.PutAsync(BodyEntry("q1", body: Secret));
        var sealedEntry = (await file.GetAsync(Key("q1")))!;
        var changed = sealedEntry.Body.ToArray();
        changed[^1] ^= 0x01;

        await file.PutAsync(Copy(sealedEntry, body: changed));
        await ReopenAsync();

        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task A_sealed_stream_cut_into_other_events_does_not_open()
    {
        var file = OpenFile(Time);
        await Store.PutAsync(StreamEntry("q1", Secret));
        var sealedEvents = (await file.GetAsync(Key("q1")))!.Events!;

        // The same ciphertext, its first two events' boundary moved by one byte.
        var first = sealedEvents[1].ToArray();
        var second = sealedEvents[2].ToArray();
        byte[] grown = [first[^1], .. second];
        ReadOnlyMemory<byte>[] recut = [sealedEvents[0], first.AsMemory(0, first.Length - 1), grown, .. sealedEvents.Skip(3)];
        await file.PutAsync(Copy((await file.GetAsync(Key("q1")))!, events: recut));
        await ReopenAsync();

        Assert.Null(await Store.GetAsync(Key("q1")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")] // 16 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")] // 33 bytes
    public void A_key_that_is_not_base64_of_32_bytes_is_refused(string text)
    {
        Assert.False(EncryptedCacheStore.TryParseKey(text, out _));
    }

    [Fact]
    public void A_key_of_32_bytes_in_base64_is_read_as_those_bytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);

        Assert.True(EncryptedCacheStore.TryParseKey(Convert.ToBase64String(bytes), out var key));

        Assert.Equal(bytes, key);
    }

    [Fact]
    public void The_decorator_knows_every_property_an_entry_has()
    {
        // The decorator copies an entry property by property to replace its answer: a property added to CacheEntry must
        // be added to EncryptedCacheStore.WithAnswer too, or it would be lost on the way through an encrypted store.
        string[] copied = ["Key", "Scope", "Feature", "Model", "Protocol", "Status", "ContentType", "Body", "Events", "CreatedAt", "ExpiresAt", "Semantics"];

        var settable = typeof(CacheEntry).GetProperties().Where(property => property.CanWrite).Select(property => property.Name);

        Assert.Equal(copied.Order(StringComparer.Ordinal), settable.Order(StringComparer.Ordinal));
    }

    private static CacheEntry StreamEntry(string name, string secret) => new()
    {
        Key = Key(name),
        Scope = "key:backend",
        Feature = "chat",
        Model = "claude-haiku-4-5",
        Protocol = WireProtocol.Anthropic,
        Status = 200,
        ContentType = "text/event-stream",
        Events =
        [
            Encoding.UTF8.GetBytes("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"),
            Encoding.UTF8.GetBytes($"event: content_block_delta\ndata: {{\"delta\":{{\"text\":\"{secret}\"}}}}\n\n"),
            Array.Empty<byte>(),
            Encoding.UTF8.GetBytes("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"),
        ],
        CreatedAt = Noon,
        ExpiresAt = Noon.AddDays(1),
    };

    private static CacheEntry Copy(CacheEntry entry, CacheKey? key = null, string? scope = null, byte[]? body = null, IReadOnlyList<ReadOnlyMemory<byte>>? events = null) => new()
    {
        Key = key ?? entry.Key,
        Scope = scope ?? entry.Scope,
        Feature = entry.Feature,
        Model = entry.Model,
        Protocol = entry.Protocol,
        Status = entry.Status,
        ContentType = entry.ContentType,
        Body = body ?? entry.Body,
        Events = events ?? entry.Events,
        CreatedAt = entry.CreatedAt,
        ExpiresAt = entry.ExpiresAt,
    };

    /// <summary>A store straight on the cache file, as the decorator's own store is; closed with the test.</summary>
    private SqliteCacheStore OpenFile(TimeProvider time)
    {
        var file = SqliteCacheStore.Open(DataDirectory, new EmbeddedCacheOptions(), time);
        _files.Add(file);
        return file;
    }

    /// <summary>Whether the cache's files on disk (the database and its write-ahead log) hold <paramref name="text"/>.</summary>
    private bool FileHolds(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(DataDirectory, "cache.db*").Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
    }
}
