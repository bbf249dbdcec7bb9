using Tollgate.Core.Alerts;
using Tollgate.Storage.Embedded.Alerts;
using Tollgate.Storage.Embedded.Sqlite;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class SqliteAlertStoreTests : AlertStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorage.DatabaseFileName);

    protected override ValueTask<IAlertStore> OpenStoreAsync() =>
        ValueTask.FromResult<IAlertStore>(new SqliteAlertStore(SqliteDatabase.Open(DatabasePath, new EmbeddedStorageOptions())));

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_alerts_of_a_data_directory_open_alone_and_see_what_the_gateway_stored()
    {
        await Store.AppendAsync(Simple("alert_1"), ["pager"]);

        using var alone = EmbeddedStorage.OpenAlerts(_directory.Path);

        Assert.Equal("alert_1", Assert.Single(await alone.Alerts.ListAsync(new AlertQuery())).Alert.Id);
    }

    [Fact]
    public void A_directory_without_a_database_is_not_opened_for_its_alerts()
    {
        using var empty = new TemporaryDirectory();

        Assert.Throws<FileNotFoundException>(() => EmbeddedStorage.OpenAlerts(empty.Path));
        Assert.False(File.Exists(Path.Combine(empty.Path, EmbeddedStorage.DatabaseFileName)));
    }
}
