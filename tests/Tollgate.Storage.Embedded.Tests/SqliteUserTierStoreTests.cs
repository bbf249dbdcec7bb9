using Tollgate.Core.Tiers;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Storage.Embedded.Tiers;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>The user tier contract on the embedded backend: the table <c>user_tiers</c> of <c>tollgate.db</c>.</summary>
public sealed class SqliteUserTierStoreTests : UserTierStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<IUserTierStore> OpenStoreAsync() =>
        ValueTask.FromResult<IUserTierStore>(new SqliteUserTierStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), TimeProvider.System));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
