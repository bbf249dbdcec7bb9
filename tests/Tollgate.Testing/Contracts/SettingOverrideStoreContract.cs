using Tollgate.Core.Settings;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ISettingOverrideStore"/> must do, written once and run against each implementation: derive a
/// test class and implement <see cref="OpenStoreAsync"/>. xunit makes a new instance per test, so each test starts from
/// empty storage.
/// </summary>
public abstract class SettingOverrideStoreContract : StoreContract<ISettingOverrideStore>
{
    [Fact]
    public async Task A_new_store_holds_no_overrides()
    {
        Assert.Empty(await Store.ListAsync());
    }

    [Fact]
    public async Task Stored_overrides_are_listed_by_path_with_their_values_and_whether_they_replace_what_is_below()
    {
        await Store.ReplaceAsync("RateLimits", [new("RateLimits", null, true), new("RateLimits:0:Scope", "Global"), new("RateLimits:0:RequestsPerMinute", "5")]);
        await Store.ReplaceAsync("Features:summarize:Output:MaxTokensCap", [new("Features:summarize:Output:MaxTokensCap", "200")]);

        Assert.Equal(
            [
                new SettingOverride("Features:summarize:Output:MaxTokensCap", "200"),
                new SettingOverride("RateLimits", null, true),
                new SettingOverride("RateLimits:0:RequestsPerMinute", "5"),
                new SettingOverride("RateLimits:0:Scope", "Global"),
            ],
            await Store.ListAsync());
    }

    [Fact]
    public async Task A_replacement_removes_every_override_at_and_below_its_path_and_nothing_else()
    {
        await Store.ReplaceAsync("Features", [
            new("Features:summarize:Output:MaxTokensCap", "200"),
            new("Features:summarize:Enabled", "false"),
            new("Features:summarizer:Enabled", "false"),
            new("Features:summ", "x"),
        ]);

        await Store.ReplaceAsync("Features:summarize", [new("Features:summarize:Model", "gpt-4.1-mini")]);

        Assert.Equal(
            ["Features:summ", "Features:summarize:Model", "Features:summarizer:Enabled"],
            (await Store.ListAsync()).Select(entry => entry.Path));
    }

    [Fact]
    public async Task Paths_compare_without_regard_to_case_as_configuration_keys_do()
    {
        await Store.ReplaceAsync("Features:Summarize:Output", [new("Features:Summarize:Output:MaxTokensCap", "200")]);

        await Store.ReplaceAsync("features:summarize", [new("features:summarize:output:maxtokenscap", "300")]);

        var entry = Assert.Single(await Store.ListAsync());
        Assert.Equal(("features:summarize:output:maxtokenscap", "300"), (entry.Path.ToLowerInvariant(), entry.Value));
    }

    [Fact]
    public async Task A_replacement_with_nothing_removes_the_overrides_below_its_path()
    {
        await Store.ReplaceAsync("Output", [new("Output:MaxTokensCap", "100"), new("Output:DefaultMaxTokens", "50")]);
        await Store.ReplaceAsync("Input", [new("Input:MaxTokens", "1000")]);

        await Store.ReplaceAsync("Output", []);

        Assert.Equal([new SettingOverride("Input:MaxTokens", "1000")], await Store.ListAsync());
    }

    [Fact]
    public async Task An_override_outside_the_replaced_path_is_refused_and_nothing_changes()
    {
        await Store.ReplaceAsync("Output", [new("Output:MaxTokensCap", "100")]);

        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ReplaceAsync("Output", [new("Input:MaxTokens", "1000")]));

        Assert.Equal([new SettingOverride("Output:MaxTokensCap", "100")], await Store.ListAsync());
    }

    [Fact]
    public async Task Overrides_are_seen_by_another_opening_of_the_same_storage_as_by_a_restarted_gateway()
    {
        await Store.ReplaceAsync("Features:summarize:Output:MaxTokensCap", [new("Features:summarize:Output:MaxTokensCap", "200")]);

        var another = await OpenAnotherStoreAsync();

        Assert.Equal([new SettingOverride("Features:summarize:Output:MaxTokensCap", "200")], await another.ListAsync());
    }
}
