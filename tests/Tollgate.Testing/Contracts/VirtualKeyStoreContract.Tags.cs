using Tollgate.Core.Identity;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>What every <see cref="IVirtualKeyStore"/> must do with a key's tags: keep them as created, in key order.</summary>
public abstract partial class VirtualKeyStoreContract
{
    [Fact]
    public async Task A_keys_tags_are_kept_and_read_back_by_hash_and_in_the_list()
    {
        var tags = RequestTags.Create([new("Project", "atlas"), new("env", "prod"), new("cost.centre", "R&D \"west\"")]);

        var created = await Store.CreateAsync(new VirtualKeySpec("tagged") { Tags = tags });

        Assert.Equal("cost.centre=R&D \"west\",env=prod,project=atlas", created.Key.Tags.ToString());
        var found = await (await OpenAnotherStoreAsync()).FindByHashAsync(VirtualKeySecret.Hash(created.Secret));
        Assert.Equal(tags, found!.Tags);
        Assert.Equal(tags, Assert.Single(await Store.ListAsync()).Tags);
    }

    [Fact]
    public async Task A_key_created_without_tags_has_none()
    {
        var created = await Store.CreateAsync(new VirtualKeySpec("plain"));

        var found = await Store.FindByHashAsync(VirtualKeySecret.Hash(created.Secret));

        Assert.True(found!.Tags.IsEmpty);
        Assert.Same(RequestTags.Empty, found.Tags);
    }
}
