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
}
