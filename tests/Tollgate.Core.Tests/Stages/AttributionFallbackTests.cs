using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

/// <summary>
/// Where attribution comes from at the edges: an empty value counts as none (the next source is used, and with none left,
/// nothing is attributed), and a live key attributes its call even before keys are enforced.
/// </summary>
public sealed class AttributionFallbackTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private VirtualKeyResolver _resolver = null!;
    private IdentifyStage _stage = null!;

    public Task InitializeAsync()
    {
        _resolver = new VirtualKeyResolver(_storage.Keys, _time);
        _stage = new IdentifyStage(_resolver, new AuthenticationMode(_resolver, UnauthenticatedLoopback.UntilFirstKey, NullLogger<AuthenticationMode>.Instance));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task An_empty_header_falls_back_to_the_body_user()
    {
        var exchange = await RunAsync(new RequestHints { User = string.Empty }, bodyUser: "body-user");

        Assert.Equal("body-user", exchange.User);
    }

    [Fact]
    public async Task Empty_values_everywhere_attribute_nothing()
    {
        var exchange = await RunAsync(new RequestHints { User = string.Empty, Feature = string.Empty, Team = string.Empty }, bodyUser: string.Empty);

        Assert.Null(exchange.User);
        Assert.Null(exchange.Feature);
        Assert.Null(exchange.Team);
    }

    [Fact]
    public async Task A_live_key_presented_before_keys_are_enforced_still_attributes_the_call()
    {
        // Keys are not in use yet as far as this gateway knows (the answer is cached), but the key another process has
        // just created is live.
        Assert.False(await _resolver.KeysInUseAsync(CancellationToken.None));
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("search-svc", User: null, Feature: "search", Team: "core"));

        var exchange = await RunAsync(new RequestHints { Feature = "chat" }, bodyUser: null, credential: created.Secret);

        Assert.Equal("search-svc", exchange.Key?.Name);
        Assert.Equal("search", exchange.Feature);
        Assert.Equal("core", exchange.Team);
    }

    private async Task<TestExchange> RunAsync(RequestHints hints, string? bodyUser, string? credential = null)
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { FromLoopback = true, Hints = hints, Credential = credential };
        exchange.Request = exchange.Request with { User = bodyUser };
        await _stage.InvokeAsync(exchange, _ => ValueTask.CompletedTask);
        Assert.Null(exchange.Rejection);
        return exchange;
    }
}
