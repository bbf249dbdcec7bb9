using Microsoft.Data.Sqlite;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>A database made before tags opens with its keys and rows untagged, and takes tagged ones from then on.</summary>
public sealed class TagSchemaUpgradeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_database_from_before_tags_keeps_its_keys_and_rows_untagged_and_records_tags_from_then_on()
    {
        // The step that adds the tags columns, found by what it does: other steps may come before it.
        var tagStep = Array.FindIndex(SqliteSchema.Steps, step => step.Contains("ADD COLUMN tags", StringComparison.Ordinal));
        Assert.True(tagStep > 0);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "tollgate.db")};Pooling=False"))
        {
            connection.Open();
            for (var step = 0; step < tagStep; step++)
            {
                Execute(connection, SqliteSchema.Steps[step]);
            }

            Execute(connection, $"""
                INSERT INTO virtual_keys (id, name, prefix, secret_hash, created_at) VALUES ('vk_old', 'old', 'tg-old', '{VirtualKeySecret.Hash("tg-old-secret")}', '2025-03-01T12:00:00.0000000Z');
                INSERT INTO ledger (request_id, timestamp, endpoint, stream, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                    cache_status, workload_class, latency_ms, status, attempts)
                VALUES ('req_old', '2025-03-01T12:00:00.0000000Z', '/v1/chat/completions', 0, 100, 0, 0, 20, 'miss', 'interactive', 12.5, 200, 1);
                PRAGMA user_version = {tagStep};
                """);
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var tags = RequestTags.Create([new("project", "atlas")]);
        var row = new LedgerEntry { RequestId = "req_new", Timestamp = DateTimeOffset.UnixEpoch, Endpoint = "/v1/chat/completions", CacheStatus = "miss", Status = 200, Tags = tags };
        await storage.Ledger.WriteAsync(row);
        var created = await storage.Keys.CreateAsync(new VirtualKeySpec("new") { Tags = tags });

        Assert.Same(RequestTags.Empty, (await storage.Keys.FindByHashAsync(VirtualKeySecret.Hash("tg-old-secret")))!.Tags);
        Assert.Same(RequestTags.Empty, (await storage.Ledger.GetAsync("req_old"))!.Tags);
        Assert.Equal(row, await storage.Ledger.GetAsync("req_new"));
        Assert.Equal(tags, (await storage.Keys.FindByHashAsync(VirtualKeySecret.Hash(created.Secret)))!.Tags);
        var report = await storage.Ledger.GetSpendAsync(SpendQuery.ByTag("project", null, DateTimeOffset.UtcNow));
        Assert.Equal(["atlas", null], report.Rows.Select(spend => spend.Group).Order(StringComparer.Ordinal).Reverse());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
