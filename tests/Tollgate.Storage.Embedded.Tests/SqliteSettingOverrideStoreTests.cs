using Tollgate.Core.Settings;
using Tollgate.Storage.Embedded.Settings;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>The settings-override contract on the embedded backend: the table <c>setting_overrides</c> of <c>tollgate.db</c>.</summary>
public sealed class SqliteSettingOverrideStoreTests : SettingOverrideStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<ISettingOverrideStore> OpenStoreAsync() =>
        ValueTask.FromResult<ISettingOverrideStore>(new SqliteSettingOverrideStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions()), TimeProvider.System));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_gateway_storage_opens_the_overrides_it_kept()
    {
        await using (var storage = EmbeddedStorage.Open(_directory.Path))
        {
            await storage.Settings.ReplaceAsync("Output:MaxTokensCap", [new("Output:MaxTokensCap", "64")]);
        }

        await using var reopened = EmbeddedStorage.Open(_directory.Path);

        Assert.Equal([new SettingOverride("Output:MaxTokensCap", "64")], await reopened.Settings.ListAsync());
    }
}
