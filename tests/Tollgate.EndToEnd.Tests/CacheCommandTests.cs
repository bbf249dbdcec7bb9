using System.Security.Cryptography;
using System.Text;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate cache purge</c> and <c>tollgate cache stats</c> against a running <c>tollgate serve</c>. The entries are
/// written into the gateway's cache file from here, as a second gateway sharing its data directory would write them.
/// Every failure is one line on standard error and a non-zero exit, never a stack trace.
/// </summary>
public sealed class CacheCommandTests(CacheCommandFixture fixture) : IClassFixture<CacheCommandFixture>
{
    [Fact]
    public async Task Purge_removes_the_entries_matching_its_filters_from_the_running_gateway_and_prints_how_many()
    {
        var now = DateTimeOffset.UtcNow;
        await StoreAsync(Entry("filters-old", "cli-filters", now.AddHours(-3)), Entry("filters-new", "cli-filters", now), Entry("filters-other", "cli-other", now.AddHours(-3)));

        var (exitCode, output, errors) = await TollgateAsync(["cache", "purge", "--feature", "cli-filters", "--older-than", "2h", "--gateway", fixture.GatewayUrl, "--admin-key", CacheCommandFixture.AdminKey]);

        Assert.Equal((0, "Purged 1 entry.", ""), (exitCode, output.TrimEnd(), errors));
        var found = await FoundAsync("filters-old", "filters-new", "filters-other");
        Assert.Equal([false, true, true], found);
    }

    [Fact]
    public async Task Stats_show_what_the_gateway_holds_after_a_purge_of_everything()
    {
        var purgedAll = await TollgateAsync(["cache", "purge", "--gateway", fixture.GatewayUrl, "--admin-key", CacheCommandFixture.AdminKey]);
        await StoreAsync(Entry("stats-a", "cli-stats", DateTimeOffset.UtcNow, body: "12345"), Entry("stats-b", "cli-stats", DateTimeOffset.UtcNow, body: "1234567"));

        var (exitCode, output, _) = await TollgateAsync(["cache", "stats", "--gateway", fixture.GatewayUrl, "--admin-key", CacheCommandFixture.AdminKey]);

        Assert.Equal(0, purgedAll.ExitCode);
        Assert.Equal((0, "2 entries, 12 bytes of answers, not encrypted."), (exitCode, output.TrimEnd()));
    }

    [Fact]
    public async Task Purge_takes_the_admin_key_from_TOLLGATE_ADMIN_KEY_when_none_is_given()
    {
        await StoreAsync(Entry("env-key", "cli-env", DateTimeOffset.UtcNow));

        var (exitCode, output, _) = await TollgateAsync(
            ["cache", "purge", "--feature", "cli-env", "--gateway", fixture.GatewayUrl],
            new Dictionary<string, string?> { ["TOLLGATE_ADMIN_KEY"] = CacheCommandFixture.AdminKey });

        Assert.Equal((0, "Purged 1 entry."), (exitCode, output.TrimEnd()));
    }

    [Fact]
    public async Task A_refused_admin_key_is_one_line_on_standard_error_and_purges_nothing()
    {
        await StoreAsync(Entry("refused", "cli-refused", DateTimeOffset.UtcNow));

        var (exitCode, output, errors) = await TollgateAsync(["cache", "purge", "--feature", "cli-refused", "--gateway", fixture.GatewayUrl, "--admin-key", "not-the-key"]);

        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal(
            "tollgate: the gateway refused the admin key: Missing or wrong admin key: send 'Authorization: Bearer $TOLLGATE_ADMIN_KEY'.",
            errors.TrimEnd());
        var found = await FoundAsync("refused");
        Assert.Equal([true], found);
    }

    [Fact]
    public async Task An_age_the_gateway_cannot_read_is_refused_in_one_line_with_exit_code_2()
    {
        await StoreAsync(Entry("bad-age", "cli-bad-age", DateTimeOffset.UtcNow.AddDays(-1)));

        var (exitCode, output, errors) = await TollgateAsync(["cache", "purge", "--older-than", "1.5h", "--gateway", fixture.GatewayUrl, "--admin-key", CacheCommandFixture.AdminKey]);

        Assert.Equal((2, ""), (exitCode, output));
        Assert.Equal(
            "tollgate: the gateway refused the request: older_than must be a whole, non-negative number of seconds (90s or 90), minutes (30m), hours (12h) or days (7d); got '1.5h'.",
            errors.TrimEnd());
        var found = await FoundAsync("bad-age");
        Assert.Equal([true], found);
    }

    [Fact]
    public async Task A_gateway_that_cannot_be_reached_is_one_line_with_exit_code_1()
    {
        var port = FreePort.Next();

        var (exitCode, output, errors) = await TollgateAsync(["cache", "purge", "--gateway", $"http://127.0.0.1:{port}", "--admin-key", CacheCommandFixture.AdminKey]);

        Assert.Equal((1, ""), (exitCode, output));
        var line = Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith($"tollgate: cannot reach the gateway at http://127.0.0.1:{port}/: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_address_that_is_not_an_http_url_is_refused_with_exit_code_2()
    {
        var (exitCode, _, errors) = await TollgateAsync(["cache", "stats", "--gateway", "127.0.0.1:8080"]);

        Assert.Equal(2, exitCode);
        Assert.Equal("tollgate: --gateway must be an absolute http(s) URL, e.g. http://127.0.0.1:8080; got '127.0.0.1:8080'.", errors.TrimEnd());
    }

    [Fact]
    public async Task A_gateway_given_an_encryption_key_in_its_environment_stores_answers_encrypted_and_never_prints_the_key()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var gateway = await GatewayServer.StartAsync(
            fixture.Simulator,
            new GatewayServerOptions { AdminKey = CacheCommandFixture.AdminKey, Environment = { ["Tollgate__Cache__EncryptionKey"] = key } });

        var (exitCode, output, _) = await TollgateAsync(["cache", "stats", "--gateway", gateway.BaseAddress.ToString(), "--admin-key", CacheCommandFixture.AdminKey]);

        Assert.Equal((0, "0 entries, 0 bytes of answers, encrypted."), (exitCode, output.TrimEnd()));
        Assert.DoesNotContain(key, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_help_documents_every_filter_the_gateway_address_and_the_admin_key()
    {
        var (exitCode, output, _) = await TollgateAsync(["cache", "purge", "--help"]);

        Assert.Equal(0, exitCode);
        Assert.All(
            ["--feature", "--model", "--older-than", "--gateway", "--admin-key", "TOLLGATE_ADMIN_KEY", "[default: http://127.0.0.1:8080]", "DELETE /admin/cache"],
            expected => Assert.Contains(expected, output, StringComparison.Ordinal));
    }

    private static Task<(int ExitCode, string StandardOutput, string StandardError)> TollgateAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        TollgateProcess.RunSeparatedAsync(arguments, environment);

    private static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    private static CacheEntry Entry(string name, string feature, DateTimeOffset createdAt, string body = """{"choices":[]}""") => new()
    {
        Key = Key(name),
        Scope = "team:core",
        Feature = feature,
        Model = "gpt-4o-mini-2024-07-18",
        Protocol = WireProtocol.OpenAI,
        Status = 200,
        ContentType = "application/json",
        Body = Encoding.UTF8.GetBytes(body),
        CreatedAt = createdAt,
        ExpiresAt = createdAt.AddDays(7),
    };

    /// <summary>Writes entries into the gateway's cache file, as another gateway on the same data directory would.</summary>
    private async Task StoreAsync(params CacheEntry[] entries)
    {
        using var store = SqliteCacheStore.Open(fixture.Gateway.DataDirectory);
        foreach (var entry in entries)
        {
            await store.PutAsync(entry);
        }
    }

    /// <summary>Whether the gateway's cache file still holds each named entry (read fresh, not from any memory).</summary>
    private async Task<bool[]> FoundAsync(params string[] names)
    {
        using var store = SqliteCacheStore.Open(fixture.Gateway.DataDirectory);
        var found = new bool[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            found[i] = await store.GetAsync(Key(names[i])) is not null;
        }

        return found;
    }
}
