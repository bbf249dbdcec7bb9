using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Admin;

/// <summary>
/// <c>GET /admin/cache</c> and <c>DELETE /admin/cache</c> on a running gateway, over its real cache store: a purge
/// removes exactly the entries its parameters name (none: all of them), from the file and from this gateway's memory,
/// and refuses, before removing anything, a parameter it does not understand.
/// </summary>
public sealed class CacheAdminTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-for-cache-tests";

    private InProcessGateway _gateway = null!;

    private ICacheStore Cache => _gateway.Services.GetRequiredService<ICacheStore>();

    public async Task InitializeAsync() => _gateway = await InProcessGateway.StartAsync(options => options.AdminKey = AdminKey);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Purging_without_parameters_removes_every_entry_and_says_how_many()
    {
        await Cache.PutAsync(Entry("a", feature: "support"));
        await Cache.PutAsync(Entry("b", feature: null));
        await Cache.PutAsync(Entry("c", model: "claude-haiku-4-5"));

        var (status, body) = await SendAsync(HttpMethod.Delete, "admin/cache");

        Assert.Equal((200, """{"purged":3}"""), (status, body));
        Assert.Equal(new CacheStoreSize(0, 0), await Cache.MeasureAsync());
    }

    [Fact]
    public async Task Purging_by_feature_and_model_removes_only_the_entries_matching_both()
    {
        await Cache.PutAsync(Entry("match", feature: "support", model: "gpt-4o-mini"));
        await Cache.PutAsync(Entry("other-model", feature: "support", model: "gpt-4o"));
        await Cache.PutAsync(Entry("other-feature", feature: "billing", model: "gpt-4o-mini"));
        await Cache.PutAsync(Entry("no-feature", feature: null, model: "gpt-4o-mini"));

        var (status, body) = await SendAsync(HttpMethod.Delete, "admin/cache?feature=support&model=gpt-4o-mini");

        Assert.Equal((200, """{"purged":1}"""), (status, body));
        Assert.Null(await Cache.GetAsync(Key("match")));
        Assert.Equal(3, (await Cache.MeasureAsync()).Entries);
    }

    [Theory]
    [InlineData("1h")]
    [InlineData("60m")]
    [InlineData("3600s")]
    [InlineData("3600")]
    public async Task Purging_older_than_an_age_removes_the_entries_created_before_it_and_keeps_younger_ones(string age)
    {
        var now = DateTimeOffset.UtcNow;
        await Cache.PutAsync(Entry("two-hours-old", createdAt: now.AddHours(-2)));
        await Cache.PutAsync(Entry("ten-minutes-old", createdAt: now.AddMinutes(-10)));

        var (status, body) = await SendAsync(HttpMethod.Delete, "admin/cache?older_than=" + age);

        Assert.Equal((200, """{"purged":1}"""), (status, body));
        Assert.Null(await Cache.GetAsync(Key("two-hours-old")));
        Assert.NotNull(await Cache.GetAsync(Key("ten-minutes-old")));
    }

    [Fact]
    public async Task Purging_older_than_days_counts_whole_days()
    {
        var now = DateTimeOffset.UtcNow;
        await Cache.PutAsync(Entry("eight-days-old", createdAt: now.AddDays(-8)));
        await Cache.PutAsync(Entry("six-days-old", createdAt: now.AddDays(-6)));

        var (_, body) = await SendAsync(HttpMethod.Delete, "admin/cache?older_than=7d");

        Assert.Equal("""{"purged":1}""", body);
        Assert.NotNull(await Cache.GetAsync(Key("six-days-old")));
    }

    [Theory]
    [InlineData("colour=red", "colour")]
    [InlineData("feature=", "feature")]
    [InlineData("model=", "model")]
    [InlineData("older_than=", "older_than")]
    [InlineData("model=a&model=b", "model")]
    [InlineData("older_than=-5m", "older_than")]
    [InlineData("older_than=1.5h", "older_than")]
    [InlineData("older_than=5x", "older_than")]
    [InlineData("older_than=h", "older_than")]
    [InlineData("older_than=7%20d", "older_than")]
    [InlineData("older_than=9999999999999999d", "older_than")]
    [InlineData("feature=support&olderthan=1h", "olderthan")]
    public async Task A_bad_parameter_is_refused_with_400_naming_it_and_nothing_is_purged(string query, string parameter)
    {
        await Cache.PutAsync(Entry("kept", createdAt: DateTimeOffset.UtcNow.AddDays(-2)));

        var (status, body) = await SendAsync(HttpMethod.Delete, "admin/cache?" + query);

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", parameter), (error.GetProperty("type").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains(parameter, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await Cache.GetAsync(Key("kept")));
    }

    [Fact]
    public async Task A_purge_also_forgets_the_entries_this_gateway_holds_in_memory()
    {
        await Cache.PutAsync(Entry("q1"));
        Assert.NotNull(await Cache.GetAsync(Key("q1"))); // stored, so held in memory as well as in the file

        await SendAsync(HttpMethod.Delete, "admin/cache");

        Assert.Null(await Cache.GetAsync(Key("q1")));
    }

    [Fact]
    public async Task Cache_stats_count_the_live_entries_and_the_bytes_of_their_answers()
    {
        var now = DateTimeOffset.UtcNow;
        await Cache.PutAsync(Entry("a", body: "12345"));
        await Cache.PutAsync(Entry("b", body: "1234567"));
        await Cache.PutAsync(Entry("expired", body: "123", createdAt: now.AddHours(-2), lifetime: TimeSpan.FromHours(1)));

        var (status, body) = await SendAsync(HttpMethod.Get, "admin/cache");

        Assert.Equal((200, """{"entries":2,"bytes":12,"encrypted":false}"""), (status, body));
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task The_cache_routes_refuse_a_caller_without_the_admin_key(string method)
    {
        await Cache.PutAsync(Entry("q1"));
        using var request = new HttpRequestMessage(new HttpMethod(method), "admin/cache");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-key");

        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(await Cache.GetAsync(Key("q1")));
    }

    private static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    private static CacheEntry Entry(
        string name,
        string? feature = "support",
        string model = "gpt-4o-mini",
        string body = """{"choices":[]}""",
        DateTimeOffset? createdAt = null,
        TimeSpan? lifetime = null)
    {
        var created = createdAt ?? DateTimeOffset.UtcNow;
        return new CacheEntry
        {
            Key = Key(name),
            Scope = "team:core",
            Feature = feature,
            Model = model,
            Protocol = WireProtocol.OpenAI,
            Status = 200,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes(body),
            CreatedAt = created,
            ExpiresAt = created + (lifetime ?? TimeSpan.FromDays(14)),
        };
    }

    private async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await _gateway.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
