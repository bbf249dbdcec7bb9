using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>What every <see cref="IVirtualKeyStore"/> must do with a key's tier: keep it as created.</summary>
public abstract partial class VirtualKeyStoreContract
{
    [Fact]
    public async Task A_keys_tier_is_kept_and_read_back_by_hash_and_in_the_list()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("tiered") { Tier = "pro" });
        await Store.CreateAsync(new VirtualKeySpec("untiered"));

        var found = await (await OpenAnotherStoreAsync()).FindByHashAsync(VirtualKeySecret.Hash(created.Secret));

        Assert.Equal(("pro", "pro"), (created.Key.Tier, found!.Tier));
        Assert.Equal(["pro", null], (await Store.ListAsync()).OrderBy(key => key.Name, StringComparer.Ordinal).Select(key => key.Tier));
    }

    [Fact]
    public async Task A_key_whose_tier_is_no_tiers_name_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.CreateAsync(new VirtualKeySpec("odd") { Tier = "free:daily" }));

        Assert.Empty(await Store.ListAsync());
    }
}
