using System.Net;

namespace Tollgate.EndToEnd.Tests.Settings;

/// <summary>
/// Settings made through the admin API over the configuration file: applied to the very next request, kept across a
/// restart, removed back to the file's value; checked before anything is stored; shown with their sources by
/// <c>GET /admin/config</c>, which never shows a secret.
/// </summary>
public sealed class SettingsOverrideTests(SettingsGateway fixture) : IClassFixture<SettingsGateway>
{
    [Fact]
    public async Task An_override_of_a_feature_output_cap_applies_to_the_next_request_and_its_removal_restores_the_file_value()
    {
        var before = await fixture.ForwardedMaxTokensAsync("live");

        var put = await fixture.PutAsync("Features/live/Output/MaxTokensCap", "8");
        var overridden = await fixture.ForwardedMaxTokensAsync("live");
        var deleted = await fixture.DeleteAsync("Features/live/Output/MaxTokensCap");
        var after = await fixture.ForwardedMaxTokensAsync("live");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal((12, 8, 12), (before, overridden, after));
    }

    [Fact]
    public async Task An_override_survives_a_restart_of_the_gateway()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.PutAsync("Features/kept/Output", """{"MaxTokensCap":7}""")).Status);

        await fixture.RestartAsync();

        Assert.Equal(7, await fixture.ForwardedMaxTokensAsync("kept"));
        Assert.Equal(("7", "admin"), (await fixture.SettingsAsync())["Features:kept:Output:MaxTokensCap"]);
    }

    [Fact]
    public async Task An_override_that_makes_the_settings_invalid_is_refused_with_the_check_message_and_nothing_changes()
    {
        var refused = await fixture.PutAsync("Features/guarded/Output", """{"MaxTokensCap":4,"DefaultMaxTokens":5}""");
        var wrongType = await fixture.PutAsync("Features/guarded/Output/MaxTokensCap", "\"lots\"");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Features:guarded:Output:DefaultMaxTokens (5) must not be over the MaxTokensCap that applies (4).", refused.Body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"invalid_request_error\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("lots", wrongType.Body, StringComparison.Ordinal);
        Assert.Equal(12, await fixture.ForwardedMaxTokensAsync("guarded"));
        var settings = await fixture.SettingsAsync();
        Assert.Equal(("12", "file"), settings["Features:guarded:Output:MaxTokensCap"]);
        Assert.Equal(("6", "file"), settings["Features:guarded:Output:DefaultMaxTokens"]);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.DeleteAsync("Features/guarded")).Status);
    }

    [Theory]
    [InlineData("Urls", "\"http://0.0.0.0:80\"")]
    [InlineData("DataDirectory", "\"/tmp/elsewhere\"")]
    [InlineData("OpenAI/BaseUrl", "\"https://attacker.example/v1\"")]
    [InlineData("AdminKey", "\"new-admin-key\"")]
    [InlineData("Cache", """{"EncryptionKey":"AAAA"}""")]
    [InlineData("Alerts/Webhooks", """[{"Url":"https://attacker.example/hook","Secret":"s"}]""")]
    public async Task A_setting_outside_the_policy_roots_is_refused_naming_the_roots_that_may_be_set(string path, string json)
    {
        var (status, body) = await fixture.PutAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cannot be set through the admin API; it may set Features, RateLimits, Budgets, Tiers, Users, Output, Input, Chargeback, Fallbacks, Resilience and the cache's policy settings", body, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.SettingsAsync(), setting => setting.Value.Source == "admin" && setting.Key.StartsWith(path.Split('/')[0], StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_settings_in_force_show_their_sources_and_never_a_secret()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.PutAsync("Features/merged", """{"Output":{"DefaultMaxTokens":3}}""")).Status);

        var body = await fixture.ConfigBodyAsync();
        var settings = await fixture.SettingsAsync();

        Assert.Equal(("3", "admin"), settings["Features:merged:Output:DefaultMaxTokens"]);
        Assert.Equal(("12", "file"), settings["Features:merged:Output:MaxTokensCap"]); // merged member by member
        Assert.Equal(("gpt-4o-mini", "file"), settings["Features:merged:Model"]);
        Assert.Equal(("9", "environment"), settings["Features:fromenv:Output:MaxTokensCap"]);
        Assert.Equal((null, "environment"), settings["OpenAI:ApiKey"]);
        Assert.Equal((null, "file"), settings["Alerts:Webhooks:0:Secret"]);
        Assert.Equal((null, "file"), settings["Alerts:Webhooks:0:Url"]);
        Assert.Equal((null, "environment"), settings["AdminKey"]);
        Assert.Equal("command-line", settings["DataDirectory"].Source);
        Assert.DoesNotContain(Testing.Servers.GatewayServer.OpenAIProviderKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Testing.Servers.GatewayServer.AnthropicProviderKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsGateway.WebhookSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsGateway.WebhookPathToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(SettingsGateway.AdminKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_array_override_replaces_the_file_array_as_a_whole()
    {
        var before = await fixture.SettingsAsync();

        var (status, _) = await fixture.PutAsync("RateLimits", """[{"Scope":"global","RequestsPerMinute":500}]""");
        var after = await fixture.SettingsAsync();
        await fixture.DeleteAsync("RateLimits");
        var restored = await fixture.SettingsAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("team", "file"), before["RateLimits:1:Scope"]);
        Assert.Equal(["RateLimits:0:RequestsPerMinute", "RateLimits:0:Scope"], after.Keys.Where(key => key.StartsWith("RateLimits:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(("global", "admin"), after["RateLimits:0:Scope"]);
        Assert.Equal(("500", "admin"), after["RateLimits:0:RequestsPerMinute"]);
        Assert.Equal(("user", "file"), restored["RateLimits:0:Scope"]);
        Assert.Equal(("team", "file"), restored["RateLimits:1:Scope"]);
    }

    [Fact]
    public async Task A_secret_or_a_setting_Tollgate_does_not_read_is_refused()
    {
        var secret = await fixture.PutAsync("Features/live/ApiKey", "\"sk-smuggled\"");
        var unknown = await fixture.PutAsync("Features/live/Output/MaxTokenCap", "5");

        Assert.Equal(HttpStatusCode.BadRequest, secret.Status);
        Assert.Contains("is a secret", secret.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("'Features:live:Output:MaxTokenCap' is not a setting Tollgate reads", unknown.Body, StringComparison.Ordinal);
    }
}
