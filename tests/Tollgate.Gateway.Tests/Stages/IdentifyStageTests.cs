using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Tests.Settlement;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Stages;

public sealed class IdentifyStageTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private EmbeddedStorage _storage = null!;
    private IdentifyStage _stage = null!;

    public Task InitializeAsync()
    {
        _storage = EmbeddedStorage.Open(_directory.Path);
        _stage = new IdentifyStage(new VirtualKeyResolver(_storage.Keys, TimeProvider.System));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        _directory.Dispose();
    }

    private static TestExchange Exchange(string? credential, bool loopback, RequestHints hints = default, string? bodyUser = null)
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { Credential = credential, FromLoopback = loopback, Hints = hints };
        exchange.Request = exchange.Request with { User = bodyUser };
        return exchange;
    }

    private async Task<bool> RunAsync(TestExchange exchange)
    {
        var reached = false;
        await _stage.InvokeAsync(exchange, _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        });
        return reached;
    }

    [Fact]
    public async Task Without_keys_loopback_callers_pass_and_others_are_refused()
    {
        Assert.True(await RunAsync(Exchange(null, loopback: true)));

        var remote = Exchange(null, loopback: false);
        Assert.False(await RunAsync(remote));
        Assert.Equal(401, remote.Rejection!.Status);
        Assert.Equal(CacheStatuses.Bypass, remote.CacheStatus); // refused before any cache could answer
    }

    [Fact]
    public async Task With_keys_a_missing_or_wrong_key_is_refused()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        var missing = Exchange(null, loopback: true);
        var wrong = Exchange("tg-not-a-real-key", loopback: true);
        var providerKey = Exchange("sk-live-123", loopback: true);

        Assert.False(await RunAsync(missing));
        Assert.False(await RunAsync(wrong));
        Assert.False(await RunAsync(providerKey));
        Assert.Equal(ErrorTypes.Authentication, wrong.Rejection!.ErrorType);
        Assert.DoesNotContain("tg-not-a-real-key", wrong.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attribution_takes_the_key_then_headers_then_the_body()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("search-svc", User: null, Feature: "search", Team: "core"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Feature = "chat", Team = "growth", User = "header-user" }, bodyUser: "body-user");

        Assert.True(await RunAsync(exchange));

        Assert.Equal("search-svc", exchange.Key!.Name);
        Assert.Equal("search", exchange.Feature);
        Assert.Equal("core", exchange.Team);
        Assert.Equal("header-user", exchange.User);
    }

    [Fact]
    public async Task The_body_user_is_used_when_nothing_else_names_one()
    {
        var exchange = Exchange(null, loopback: true, bodyUser: "body-user");

        Assert.True(await RunAsync(exchange));

        Assert.Equal("body-user", exchange.User);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("temp"));
        await _storage.Keys.CreateAsync(new VirtualKeySpec("other"));
        await _storage.Keys.RevokeAsync("temp");

        var exchange = Exchange(created.Secret, loopback: true);

        Assert.False(await RunAsync(exchange));
    }
}
