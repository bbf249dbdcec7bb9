using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class EmbeddedStorageTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Opening_creates_the_data_directory_and_its_database()
    {
        var dataDirectory = Path.Combine(_directory.Path, "nested", "data");

        await using var storage = EmbeddedStorage.Open(dataDirectory);

        Assert.Equal(Path.Combine(dataDirectory, "tollgate.db"), storage.DatabasePath);
        Assert.True(File.Exists(storage.DatabasePath));
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_at_the_current_schema_version()
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path);
        using var connection = OpenRawConnection(storage.DatabasePath);

        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        await EmbeddedStorage.Open(_directory.Path).DisposeAsync();
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Scalar(connection, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1};");
        }

        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedStorage.Open(_directory.Path));

        Assert.Contains("newer than this Tollgate understands", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_the_first_version_opens_keeps_its_rows_and_takes_savings_and_one_hour_cache_writes()
    {
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Execute(connection, SchemaVersion1);
            Execute(connection, """
                INSERT INTO ledger (request_id, timestamp, endpoint, provider, requested_model, served_model, stream, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, cost_usd, baseline_cost_usd, cache_status, lever,
                    workload_class, latency_ms, status, attempts)
                VALUES ('req_v1', '2025-03-01T12:00:00.0000000Z', '/v1/chat/completions', 'openai', 'gpt-4o-mini', 'gpt-4o-mini',
                    0, 100, 0, 0, 20, '0.000027', '0.000027', 'miss', NULL, 'interactive', 12.5, 200, 1);
                PRAGMA user_version = 1;
                """);
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var old = await storage.Ledger.GetAsync("req_v1");
        var saved = Row("req_v2") with { Savings = [new LeverSaving("exact", 0.000027m)], CacheWriteTokens = 100, CacheWrite1hTokens = 40 };
        await storage.Ledger.WriteAsync(saved);

        Assert.Equal(
            Row("req_v1") with
            {
                Timestamp = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), Provider = "openai", RequestedModel = "gpt-4o-mini",
                ServedModel = "gpt-4o-mini", InputTokens = 100, OutputTokens = 20, CostUsd = 0.000027m, BaselineCostUsd = 0.000027m,
                LatencyMs = 12.5, Attempts = 1,
            },
            old);
        Assert.Empty(old!.Savings);
        Assert.Equal(saved, await storage.Ledger.GetAsync("req_v2"));
        using var check = OpenRawConnection(storage.DatabasePath);
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_database_from_an_earlier_version_whose_keys_are_all_revoked_keeps_requiring_keys()
    {
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Execute(connection, SchemaVersion1);
            Execute(connection, """
                INSERT INTO virtual_keys (id, name, user, feature, team, prefix, secret_hash, created_at, revoked_at)
                VALUES ('vk_old', 'old-service', NULL, NULL, 'core', 'tg-abcd', 'hash-of-old', '2025-03-01T12:00:00.0000000Z', '2025-03-02T12:00:00.0000000Z');
                PRAGMA user_version = 1;
                """);
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var old = await storage.Keys.FindByHashAsync("hash-of-old");

        Assert.False(await storage.Keys.AnyActiveAsync());
        Assert.True(await storage.Keys.KeysInUseAsync());
        Assert.Equal(("core", AttributionFields.None), (old!.Team, old.OpenAttribution)); // made before headers could be opened: authoritative
    }

    [Fact]
    public async Task A_database_from_an_earlier_version_without_keys_has_none_in_use()
    {
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Execute(connection, SchemaVersion1 + "PRAGMA user_version = 1;");
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);

        Assert.False(await storage.Keys.KeysInUseAsync());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_database_from_each_version_since_the_first_upgrades_keeping_its_rows_and_its_revoked_key_in_use(int version)
    {
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Execute(connection, SchemaVersion1);
            for (var step = 1; step < version; step++)
            {
                Execute(connection, SqliteSchema.Steps[step]);
            }

            Execute(connection, $"""
                INSERT INTO ledger (request_id, timestamp, endpoint, provider, requested_model, served_model, stream, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, cost_usd, baseline_cost_usd, cache_status, lever,
                    workload_class, latency_ms, status, attempts)
                VALUES ('req_old', '2025-03-01T12:00:00.0000000Z', '/v1/chat/completions', 'openai', 'gpt-4o-mini', 'gpt-4o-mini',
                    0, 100, 0, 0, 20, '0.000027', '0.000027', 'miss', NULL, 'interactive', 12.5, 200, 1);
                INSERT INTO virtual_keys (id, name, user, feature, team, prefix, secret_hash, created_at, revoked_at)
                VALUES ('vk_old', 'old-service', NULL, NULL, 'core', 'tg-abcd', 'hash-of-old', '2025-03-01T12:00:00.0000000Z', '2025-03-02T12:00:00.0000000Z');
                PRAGMA user_version = {version};
                """);
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var saved = Row("req_new") with { Savings = [new LeverSaving("exact", 0.000027m)], CacheWriteTokens = 100, CacheWrite1hTokens = 40 };
        await storage.Ledger.WriteAsync(saved);
        var key = await storage.Keys.FindByHashAsync("hash-of-old");

        Assert.Equal(20, (await storage.Ledger.GetAsync("req_old"))!.OutputTokens);
        Assert.Equal(saved, await storage.Ledger.GetAsync("req_new"));
        Assert.True(await storage.Keys.KeysInUseAsync());
        Assert.Equal(("core", AttributionFields.None), (key!.Team, key.OpenAttribution));
        using var check = OpenRawConnection(storage.DatabasePath);
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_database_from_the_version_before_response_owners_opens_keeps_its_rows_and_records_owners()
    {
        using (var connection = OpenRawConnection(Path.Combine(_directory.Path, "tollgate.db")))
        {
            Execute(connection, SchemaVersion1);
            for (var step = 1; step < 4; step++)
            {
                Execute(connection, SqliteSchema.Steps[step]);
            }

            Execute(connection, """
                INSERT INTO ledger (request_id, timestamp, endpoint, provider, requested_model, served_model, stream, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, cost_usd, baseline_cost_usd, cache_status, lever,
                    workload_class, latency_ms, status, attempts)
                VALUES ('req_v4', '2025-03-01T12:00:00.0000000Z', '/v1/chat/completions', 'openai', 'gpt-4o-mini', 'gpt-4o-mini',
                    0, 100, 0, 0, 20, '0.000027', '0.000027', 'miss', NULL, 'interactive', 12.5, 200, 1);
                PRAGMA user_version = 4;
                """);
        }

        var created = new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero);
        await using (var storage = EmbeddedStorage.Open(_directory.Path))
        {
            Assert.Null(await storage.Responses.FindAsync("resp_1"));
            Assert.Empty(await storage.Responses.ListPendingSettlementsAsync());
            await storage.Responses.RecordAsync(new ResponseOwner("resp_1", "backend", "core", "openai", created));
            await storage.Responses.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_bg", created));
        }

        await using var reopened = EmbeddedStorage.Open(_directory.Path);

        Assert.Equal(20, (await reopened.Ledger.GetAsync("req_v4"))!.OutputTokens);
        Assert.Equal(new ResponseOwner("resp_1", "backend", "core", "openai", created), await reopened.Responses.FindAsync("resp_1"));
        Assert.Equal([new PendingSettlement("resp_1", "req_bg", created)], await reopened.Responses.ListPendingSettlementsAsync());
        using var check = OpenRawConnection(reopened.DatabasePath);
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Response_owners_are_kept_in_the_owner_only_database_files_and_no_other()
    {
        var data = Path.Combine(_directory.Path, "data");
        await using var storage = EmbeddedStorage.Open(data);
        await storage.Ledger.WriteAsync(Row("req_1"));
        var before = Directory.GetFiles(data).Order(StringComparer.Ordinal).ToArray();

        await storage.Responses.RecordAsync(new ResponseOwner("resp_1", "backend", "core", "openai", DateTimeOffset.UnixEpoch));
        await storage.Responses.AddPendingSettlementAsync(new PendingSettlement("resp_1", "req_1", DateTimeOffset.UnixEpoch));

        Assert.Equal(before, Directory.GetFiles(data).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(Path.Combine(data, "tollgate.db-wal"), before);
        Assert.All(before, file => Assert.True(
            File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}"));
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    public void Write_connections_use_the_configured_synchronous_mode(SqliteSynchronousMode mode, long pragmaValue)
    {
        var database = SqliteDatabase.Open(Path.Combine(_directory.Path, "tollgate.db"), new EmbeddedStorageOptions { Synchronous = mode });
        using var connection = database.OpenWriteConnection();

        Assert.Equal(pragmaValue, Scalar(connection, "PRAGMA synchronous;"));
    }

    [Fact]
    public void Out_of_range_options_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EmbeddedStorage.Open(_directory.Path, new EmbeddedStorageOptions { MaxWriteBatchSize = 0 }));

        Assert.Contains("MaxWriteBatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_can_use_one_data_directory_at_once()
    {
        // As the gateway and `tollgate keys` do: each opens the directory and writes while the other does.
        await using var gateway = EmbeddedStorage.Open(_directory.Path);
        await using var cli = EmbeddedStorage.Open(_directory.Path);

        var ledgerWrites = Task.WhenAll(Enumerable.Range(0, 500).Select(i => gateway.Ledger.WriteAsync(Row($"req_{i}")).AsTask()));
        var keys = new List<CreatedVirtualKey>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add(await cli.Keys.CreateAsync(new VirtualKeySpec($"key-{i}")));
        }

        await ledgerWrites;

        Assert.Equal(500, await cli.Ledger.CountAsync());
        Assert.Equal(keys[^1].Key, await gateway.Keys.FindByHashAsync(VirtualKeySecret.Hash(keys[^1].Secret)));
    }

    [Fact]
    public async Task Disposing_the_storage_commits_queued_ledger_writes()
    {
        var storage = EmbeddedStorage.Open(_directory.Path);
        var writes = Enumerable.Range(0, 1_000).Select(i => storage.Ledger.WriteAsync(Row($"req_{i}")).AsTask()).ToArray();
        await storage.DisposeAsync();

        await using var reopened = EmbeddedStorage.Open(_directory.Path);

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(1_000, await reopened.Ledger.CountAsync());
    }

    private static LedgerEntry Row(string requestId) => new()
    {
        RequestId = requestId,
        Timestamp = DateTimeOffset.UnixEpoch,
        Endpoint = "/v1/chat/completions",
        CacheStatus = "miss",
        Status = 200,
    };

    private static SqliteConnection OpenRawConnection(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>The schema as version 1 of the database shipped it, frozen here: what an upgrade starts from.</summary>
    private const string SchemaVersion1 = """
        CREATE TABLE ledger (
            request_id             TEXT    NOT NULL PRIMARY KEY,
            timestamp              TEXT    NOT NULL,
            key_name               TEXT,
            user                   TEXT,
            feature                TEXT,
            team                   TEXT,
            endpoint               TEXT    NOT NULL,
            provider               TEXT,
            requested_model        TEXT,
            served_model           TEXT,
            stream                 INTEGER NOT NULL,
            input_tokens           INTEGER NOT NULL,
            cached_input_tokens    INTEGER NOT NULL,
            cache_write_tokens     INTEGER NOT NULL,
            output_tokens          INTEGER NOT NULL,
            cost_usd               TEXT,
            baseline_cost_usd      TEXT,
            cache_status           TEXT    NOT NULL,
            lever                  TEXT,
            task_type              TEXT,
            workload_class         TEXT    NOT NULL,
            latency_ms             REAL    NOT NULL,
            time_to_first_token_ms REAL,
            status                 INTEGER NOT NULL,
            attempts               INTEGER NOT NULL,
            error_type             TEXT,
            warning                TEXT,
            usable                 INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ledger_timestamp ON ledger (timestamp);
        CREATE INDEX ledger_pending ON ledger (request_id) WHERE status = 0 AND error_type IS NULL;

        CREATE TABLE virtual_keys (
            id          TEXT NOT NULL PRIMARY KEY,
            name        TEXT NOT NULL,
            user        TEXT,
            feature     TEXT,
            team        TEXT,
            prefix      TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at  TEXT NOT NULL,
            revoked_at  TEXT
        );
        CREATE UNIQUE INDEX virtual_keys_active_name ON virtual_keys (name) WHERE revoked_at IS NULL;
        """;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
