using Tollgate.Core.Responses;
using Tollgate.Storage.Embedded.Responses;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class SqliteResponseOwnershipStoreTests : ResponseOwnershipStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<IResponseOwnershipStore> OpenStoreAsync() =>
        ValueTask.FromResult<IResponseOwnershipStore>(new SqliteResponseOwnershipStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions())));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_purge_in_chunks_smaller_than_the_old_rows_removes_them_all()
    {
        using var store = new SqliteResponseOwnershipStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), purgeChunk: 10);
        for (var i = 0; i < 30; i++)
        {
            await store.RecordAsync(Owner($"resp_{i}", createdAt: Noon.AddDays(-31)));
            await store.AddPendingSettlementAsync(new PendingSettlement($"resp_{i}", $"req_{i}", Noon.AddDays(-31)));
        }

        await store.RecordAsync(Owner("resp_kept", createdAt: Noon));

        var purged = await store.PurgeAsync(Noon.AddDays(-30));

        Assert.Equal(new ResponsePurge(Owners: 30, PendingSettlements: 30), purged);
        Assert.NotNull(await store.FindAsync("resp_kept"));
        Assert.Empty(await store.ListPendingSettlementsAsync());
    }

    [Fact]
    public async Task A_store_used_after_disposal_refuses_writes()
    {
        var store = new SqliteResponseOwnershipStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()));
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.RecordAsync(Owner("resp_1")).AsTask());
    }
}
