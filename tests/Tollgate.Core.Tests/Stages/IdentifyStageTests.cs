using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

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

    /// <summary>Runs the stage; true when it handed the exchange on to the next stage.</summary>
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

    /// <summary>
    /// Runs the stage and asserts it refused the caller as unauthenticated: 401 with the authentication error type,
    /// nothing after it ran, and no key or attribution taken from a request that was not let in.
    /// </summary>
    private async Task AssertRefusedAsync(TestExchange exchange, string message)
    {
        var reached = await RunAsync(exchange);

        Assert.False(reached, "the pipeline went on past a refused caller");
        var rejection = Assert.IsType<ExchangeRejection>(exchange.Rejection);
        Assert.Equal(401, rejection.Status);
        Assert.Equal("authentication_error", rejection.ErrorType);
        Assert.Equal(message, rejection.Message);
        Assert.Equal(401, exchange.Status);
        Assert.Equal("authentication_error", exchange.ErrorType);
        Assert.Null(exchange.Key);
        Assert.Null(exchange.User);
        Assert.Null(exchange.Feature);
        Assert.Null(exchange.Team);
        Assert.Equal("bypass", exchange.CacheStatus); // refused before any cache could answer
    }

    /// <summary>Runs the stage and asserts it let the caller through untouched by any rejection.</summary>
    private async Task AssertPassedAsync(TestExchange exchange)
    {
        var reached = await RunAsync(exchange);

        Assert.True(reached, $"the caller was refused: {exchange.Rejection}");
        Assert.Null(exchange.Rejection);
        Assert.Equal(0, exchange.Status);
        Assert.Null(exchange.ErrorType);
    }

    [Fact]
    public async Task Without_keys_a_loopback_caller_passes_with_no_key()
    {
        var exchange = Exchange(null, loopback: true);

        await AssertPassedAsync(exchange);

        Assert.Null(exchange.Key);
    }

    [Fact]
    public async Task Without_keys_a_remote_caller_is_refused_with_401() =>
        await AssertRefusedAsync(
            Exchange(null, loopback: false, new RequestHints { User = "header-user" }, bodyUser: "body-user"),
            "This Tollgate serves only loopback callers until a virtual key is created.");

    [Fact]
    public async Task With_keys_a_missing_key_is_refused_with_401_even_on_loopback()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(
            Exchange(null, loopback: true, new RequestHints { Feature = "chat" }),
            "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.");
    }

    [Fact]
    public async Task With_keys_a_wrong_key_is_refused_with_401_without_echoing_it()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(Exchange("tg-not-a-real-key", loopback: true), "Invalid Tollgate key.");
    }

    [Fact]
    public async Task With_keys_a_provider_key_is_refused_with_401()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(Exchange("sk-live-123", loopback: true), "Invalid Tollgate key.");
    }

    [Fact]
    public async Task A_revoked_key_is_refused_with_401()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("temp", Feature: "search"));
        await _storage.Keys.CreateAsync(new VirtualKeySpec("other"));
        await _storage.Keys.RevokeAsync("temp");

        await AssertRefusedAsync(Exchange(created.Secret, loopback: true), "Invalid Tollgate key.");
    }

    [Fact]
    public async Task Attribution_takes_the_key_then_headers_then_the_body()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("search-svc", User: null, Feature: "search", Team: "core"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Feature = "chat", Team = "growth", User = "header-user" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("search-svc", exchange.Key!.Name);
        Assert.Equal("search", exchange.Feature);
        Assert.Equal("core", exchange.Team);
        Assert.Equal("header-user", exchange.User);
    }

    [Fact]
    public async Task A_key_that_names_a_user_wins_over_the_header_and_the_body()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("per-user", User: "key-user"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Feature = "chat", Team = "growth", User = "header-user" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("per-user", exchange.Key!.Name);
        Assert.Equal("key-user", exchange.User);
        Assert.Equal("chat", exchange.Feature); // left open by the key, so the header names it
        Assert.Equal("growth", exchange.Team);
    }

    [Fact]
    public async Task The_body_user_is_used_when_nothing_else_names_one()
    {
        var exchange = Exchange(null, loopback: true, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("body-user", exchange.User);
        Assert.Null(exchange.Feature);
        Assert.Null(exchange.Team);
    }
}
