using System.Runtime.Versioning;
using System.Text;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class SqliteCacheStoreTests : CacheStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DataDirectory => Path.Combine(_directory.Path, "data");

    protected override ValueTask<ICacheStore> OpenStoreAsync(TimeProvider time) =>
        ValueTask.FromResult<ICacheStore>(SqliteCacheStore.Open(DataDirectory, new EmbeddedCacheOptions(), time));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void The_memory_drops_the_least_recently_used_entries_to_stay_within_its_bytes()
    {
        var charge = 1_000 + ByteBoundedLru.EntryOverhead;
        var memory = new ByteBoundedLru(limitBytes: 3 * charge + 10);
        memory.Set(Sized("a", 1_000));
        memory.Set(Sized("b", 1_000));
        memory.Set(Sized("c", 1_000));
        Assert.True(memory.TryGet(Key("a"), out _));

        memory.Set(Sized("d", 1_000));

        Assert.False(memory.TryGet(Key("b"), out _));
        Assert.True(memory.TryGet(Key("a"), out _));
        Assert.True(memory.TryGet(Key("c"), out _));
        Assert.True(memory.TryGet(Key("d"), out _));
        Assert.Equal((3, 3 * charge), (memory.Count, memory.Bytes));
    }

    [Fact]
    public void The_memory_drops_as_many_small_entries_as_one_large_entry_needs()
    {
        var memory = new ByteBoundedLru(limitBytes: 10_000);
        for (var i = 0; i < 10; i++)
        {
            memory.Set(Sized($"small{i}", 500));
        }

        memory.Set(Sized("large", 6_000));

        Assert.True(memory.Bytes <= 10_000, $"{memory.Bytes} bytes kept");
        Assert.True(memory.TryGet(Key("large"), out _));
        Assert.False(memory.TryGet(Key("small0"), out _));
        Assert.True(memory.TryGet(Key("small9"), out _));
    }

    [Fact]
    public async Task Expired_rows_leave_the_file_when_later_answers_are_stored()
    {
        var path = Path.Combine(DataDirectory, EmbeddedCacheOptions.DefaultFileName);
        await Store.PutAsync(BodyEntry("short", lifetime: TimeSpan.FromMinutes(5)));
        await Store.PutAsync(BodyEntry("long", lifetime: TimeSpan.FromDays(7)));
        Assert.Equal(2, Scalar(path, "SELECT COUNT(*) FROM cache_entries;"));

        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.PutAsync(BodyEntry("later", createdAt: Noon.AddMinutes(10)));

        Assert.Equal(0, Scalar(path, "SELECT COUNT(*) FROM cache_entries WHERE key = x'" + Key("short").Hex + "';"));
        Assert.Equal(2, Scalar(path, "SELECT COUNT(*) FROM cache_entries;"));
        Assert.NotNull(await Store.GetAsync(Key("long")));
    }

    [Fact]
    public async Task An_answer_larger_than_the_memory_bound_is_served_from_the_file()
    {
        using var store = SqliteCacheStore.Open(DataDirectory, new EmbeddedCacheOptions { MemoryLimitBytes = 4_096 }, Time);
        await store.PutAsync(Sized("small", 1_000));

        await store.PutAsync(Sized("large", 5_000));

        Assert.True(store.Memory.TryGet(Key("small"), out _));
        Assert.False(store.Memory.TryGet(Key("large"), out _));
        Assert.Equal(5_000, (await store.GetAsync(Key("large")))!.Body.Length);
    }

    [Fact]
    public async Task A_memory_bound_of_zero_keeps_nothing_in_memory_and_still_serves_everything()
    {
        using var store = SqliteCacheStore.Open(DataDirectory, new EmbeddedCacheOptions { MemoryLimitBytes = 0 }, Time);

        await store.PutAsync(Sized("q1", 10));

        Assert.Equal(0, store.Memory.Count);
        Assert.NotNull(await store.GetAsync(Key("q1")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_cache_lives_in_its_own_owner_only_file_beside_the_ledger()
    {
        await using var storage = EmbeddedStorage.Open(DataDirectory);
        using var store = SqliteCacheStore.Open(DataDirectory, time: Time);

        await store.PutAsync(Sized("q1", 100));

        Assert.Equal(Path.Combine(Path.GetFullPath(DataDirectory), "cache.db"), store.DatabasePath);
        Assert.NotEqual(storage.DatabasePath, store.DatabasePath);
        Assert.Equal(0L, Scalar(storage.DatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cache_entries';"));
        Assert.Equal(1L, Scalar(store.DatabasePath, "SELECT COUNT(*) FROM cache_entries;"));
        var cacheFiles = Directory.GetFiles(DataDirectory, "cache.db*");
        Assert.Contains(store.DatabasePath + "-wal", cacheFiles);
        Assert.All(cacheFiles, file => Assert.True(
            File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}"));
    }

    [Fact]
    public async Task The_cache_file_can_be_placed_elsewhere_by_the_options()
    {
        // A data directory of its own: the contract's store already opened the default file in DataDirectory.
        var data = Path.Combine(_directory.Path, "other-data");
        var elsewhere = Path.Combine(_directory.Path, "fast-disk", "responses.db");
        using (var store = SqliteCacheStore.Open(data, new EmbeddedCacheOptions { DatabasePath = elsewhere }, Time))
        {
            await store.PutAsync(Sized("q1", 10));
        }

        using var reopened = SqliteCacheStore.Open(data, new EmbeddedCacheOptions { DatabasePath = elsewhere }, Time);

        Assert.Equal(elsewhere, reopened.DatabasePath);
        Assert.NotNull(await reopened.GetAsync(Key("q1")));
        Assert.False(File.Exists(Path.Combine(data, "cache.db")));
    }

    [Fact]
    public void The_ledger_file_is_refused_as_the_cache_file()
    {
        var options = new EmbeddedCacheOptions { DatabasePath = EmbeddedStorage.DatabaseFileName };

        Assert.Throws<ArgumentException>(() => SqliteCacheStore.Open(DataDirectory, options, Time));
    }

    [Fact]
    public void A_store_used_after_disposal_refuses_lookups()
    {
        var store = SqliteCacheStore.Open(DataDirectory, time: Time);
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.GetAsync(Key("q1")).AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_cache_file_of_the_first_schema_is_upgraded_in_place_and_keeps_serving_its_entries()
    {
        // Its own directory: the contract's store already made a current file in DataDirectory.
        var directory = DataDirectory + "-schema1";
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, EmbeddedCacheOptions.DefaultFileName);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TABLE cache_entries (key BLOB NOT NULL PRIMARY KEY, scope TEXT NOT NULL, feature TEXT, model TEXT NOT NULL, protocol TEXT NOT NULL, " +
                "status INTEGER NOT NULL, content_type TEXT NOT NULL, is_stream INTEGER NOT NULL, payload BLOB NOT NULL, answer_bytes INTEGER NOT NULL, " +
                "created_at TEXT NOT NULL, expires_at TEXT NOT NULL);" +
                "INSERT INTO cache_entries VALUES ($key, 'global', NULL, 'gpt-4o-mini', 'OpenAI', 200, 'application/json', 0, CAST('old answer' AS BLOB), 10, " +
                "'2025-03-01T12:00:00.0000000Z', '2025-03-08T12:00:00.0000000Z');" +
                "PRAGMA user_version = 1;";
            var bytes = new byte[CacheKey.Length];
            Key("old").CopyTo(bytes);
            command.Parameters.AddWithValue("$key", bytes);
            command.ExecuteNonQuery();
        }

        using var store = SqliteCacheStore.Open(directory, time: Time);
        var old = await store.GetAsync(Key("old"));
        await store.PutAsync(WithSemantics(BodyEntry("new"), Semantics("new prompt")));

        Assert.Equal("old answer"u8.ToArray(), old!.Body.ToArray());
        Assert.Null(old.Semantics);
        Assert.Equal(["new prompt"], (await ReadSemanticPartsAsync(store)).Select(r => r.Semantics.Prompt));
        Assert.Equal(2, Scalar(path, "PRAGMA user_version;"));
    }

    private static CacheEntry Sized(string name, int bytes) => new()
    {
        Key = Key(name),
        Scope = "global",
        Model = "gpt-4o-mini",
        Protocol = WireProtocol.OpenAI,
        Status = 200,
        ContentType = "application/json",
        Body = Encoding.ASCII.GetBytes(new string('x', bytes)),
        CreatedAt = Noon,
        ExpiresAt = Noon.AddDays(1),
    };

    private static long Scalar(string databasePath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
