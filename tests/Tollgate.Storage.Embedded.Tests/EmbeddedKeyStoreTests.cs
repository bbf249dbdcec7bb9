using Tollgate.Core.Identity;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class EmbeddedKeyStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Opening_the_keys_alone_starts_nothing_of_the_ledger()
    {
        using (var store = EmbeddedStorage.OpenKeys(_directory.Path))
        {
            await store.Keys.CreateAsync(new VirtualKeySpec("cli-made", null, "search", null));
        }

        // The ledger's intent journal is created when the ledger opens; opening the keys alone makes none.
        Assert.Empty(Directory.GetFiles(_directory.Path, "ledger-intents.*"));
    }

    [Fact]
    public async Task Keys_made_through_the_key_store_are_the_gateways_keys()
    {
        string secret;
        using (var store = EmbeddedStorage.OpenKeys(_directory.Path))
        {
            secret = (await store.Keys.CreateAsync(new VirtualKeySpec("shared", "u", "f", "t"))).Secret;
        }

        await using var storage = EmbeddedStorage.Open(_directory.Path);
        var key = await storage.Keys.FindByHashAsync(VirtualKeySecret.Hash(secret));

        Assert.NotNull(key);
        Assert.Equal("shared", key.Name);
        Assert.Equal("f", key.Feature);
    }

    [Fact]
    public void Opening_a_directory_without_a_database_for_keys_alone_is_refused_and_creates_nothing()
    {
        var typo = Path.Combine(_directory.Path, "tollgat");

        var error = Assert.Throws<FileNotFoundException>(() => EmbeddedStorage.OpenKeys(typo, create: false));

        Assert.Equal(Path.Combine(typo, "tollgate.db"), error.FileName);
        Assert.False(Directory.Exists(typo));
    }

    [Fact]
    public async Task Opening_an_existing_database_for_keys_alone_needs_no_permission_to_create()
    {
        await EmbeddedStorage.Open(_directory.Path).DisposeAsync();

        using var store = EmbeddedStorage.OpenKeys(_directory.Path, create: false);

        Assert.Equal(Path.Combine(_directory.Path, "tollgate.db"), store.DatabasePath);
    }
}
