using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

/// <summary>
/// Who may call (in each <see cref="UnauthenticatedLoopback"/> mode) and who a call is charged to: the key's attribution
/// is authoritative, and the caller names only what the key leaves open.
/// </summary>
public sealed class IdentifyStageTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private IdentifyStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = Stage(UnauthenticatedLoopback.UntilFirstKey);
        return Task.CompletedTask;
    }

    /// <summary>A stage on this test's store in the given mode, with a resolver of its own (so nothing is cached from before).</summary>
    private IdentifyStage Stage(UnauthenticatedLoopback loopback)
    {
        var resolver = new VirtualKeyResolver(_storage.Keys, TimeProvider.System);
        return new IdentifyStage(resolver, new AuthenticationMode(resolver, loopback, NullLogger<AuthenticationMode>.Instance));
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    private static TestExchange Exchange(string? credential, bool loopback, RequestHints hints = default, string? bodyUser = null)
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { Credential = credential, FromLoopback = loopback, Hints = hints };
        exchange.Request = exchange.Request with { User = bodyUser };
        return exchange;
    }

    /// <summary>Runs the stage; true when it handed the exchange on to the next stage.</summary>
    private async Task<bool> RunAsync(TestExchange exchange, IdentifyStage? stage = null)
    {
        var reached = false;
        await (stage ?? _stage).InvokeAsync(exchange, _ =>
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
    private async Task AssertRefusedAsync(TestExchange exchange, string message, string reason, IdentifyStage? stage = null)
    {
        var reached = await RunAsync(exchange, stage);

        Assert.False(reached, "the pipeline went on past a refused caller");
        var rejection = Assert.IsType<ExchangeRejection>(exchange.Rejection);
        Assert.Equal(401, rejection.Status);
        Assert.Equal("authentication_error", rejection.ErrorType);
        Assert.Equal(message, rejection.Message);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(401, exchange.Status);
        Assert.Equal("authentication_error", exchange.ErrorType);
        Assert.Null(exchange.Key);
        Assert.Null(exchange.User);
        Assert.Null(exchange.Feature);
        Assert.Null(exchange.Team);
        Assert.Equal("bypass", exchange.CacheStatus); // refused before any cache could answer
    }

    /// <summary>Runs the stage and asserts it let the caller through untouched by any rejection.</summary>
    private async Task AssertPassedAsync(TestExchange exchange, IdentifyStage? stage = null)
    {
        var reached = await RunAsync(exchange, stage);

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
            "This Tollgate serves only loopback callers until a virtual key is created.",
            "not_loopback");

    [Fact]
    public async Task With_keys_a_missing_key_is_refused_with_401_even_on_loopback()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(
            Exchange(null, loopback: true, new RequestHints { Feature = "chat" }),
            "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.",
            "missing_key");
    }

    [Fact]
    public async Task With_keys_a_wrong_key_is_refused_with_401_without_echoing_it()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(Exchange("tg-not-a-real-key", loopback: true), "Invalid Tollgate key.", "invalid_key");
    }

    [Fact]
    public async Task With_keys_a_provider_key_is_refused_with_401()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(Exchange("sk-live-123", loopback: true), "Invalid Tollgate key.", "invalid_key");
    }

    [Fact]
    public async Task A_revoked_key_is_refused_with_401()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("temp", Feature: "search"));
        await _storage.Keys.CreateAsync(new VirtualKeySpec("other"));
        await _storage.Keys.RevokeAsync("temp");

        await AssertRefusedAsync(Exchange(created.Secret, loopback: true), "Invalid Tollgate key.", "invalid_key");
    }

    [Fact]
    public async Task Revoking_the_last_key_keeps_keys_required_on_loopback()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("only"));
        await _storage.Keys.RevokeAsync("only");

        await AssertRefusedAsync(Exchange(null, loopback: true), "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.", "missing_key");
        await AssertRefusedAsync(Exchange(created.Secret, loopback: true), "Invalid Tollgate key.", "invalid_key");
    }

    [Fact]
    public async Task Without_keys_a_made_up_virtual_key_on_loopback_is_refused_not_ignored()
    {
        await AssertRefusedAsync(Exchange("tg-made-up", loopback: true), "Invalid Tollgate key.", "invalid_key");
    }

    [Fact]
    public async Task When_the_operator_leaves_loopback_open_a_loopback_caller_needs_no_key_although_keys_exist()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));
        var exchange = Exchange("sk-placeholder", loopback: true, new RequestHints { Team = "growth" });

        await AssertPassedAsync(exchange, Stage(UnauthenticatedLoopback.Always));

        Assert.Null(exchange.Key);
        Assert.Equal("growth", exchange.Team);
    }

    [Fact]
    public async Task When_the_operator_leaves_loopback_open_a_revoked_key_is_still_refused()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("temp"));
        await _storage.Keys.RevokeAsync("temp");

        await AssertRefusedAsync(Exchange(created.Secret, loopback: true), "Invalid Tollgate key.", "invalid_key", Stage(UnauthenticatedLoopback.Always));
    }

    [Fact]
    public async Task When_the_operator_leaves_loopback_open_callers_elsewhere_still_need_a_key()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));

        await AssertRefusedAsync(
            Exchange(null, loopback: false),
            "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.",
            "missing_key",
            Stage(UnauthenticatedLoopback.Always));
    }

    [Fact]
    public async Task When_the_operator_never_serves_loopback_without_a_key_a_fresh_gateway_refuses_loopback_callers()
    {
        await AssertRefusedAsync(
            Exchange(null, loopback: true),
            "Missing Tollgate key: send it as 'Authorization: Bearer tg-…' or 'x-api-key: tg-…'.",
            "missing_key",
            Stage(UnauthenticatedLoopback.Never));
    }

    [Fact]
    public async Task A_keys_team_and_feature_win_over_the_headers_which_are_noted_as_ignored()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("search-svc", User: null, Feature: "search", Team: "core"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Feature = "chat", Team = "growth" });

        await AssertPassedAsync(exchange);

        Assert.Equal("search-svc", exchange.Key!.Name);
        Assert.Equal(("search", "core"), (exchange.Feature, exchange.Team));
        Assert.Equal(
            "x-tollgate-feature ignored: key 'search-svc' does not leave the feature open; x-tollgate-team ignored: key 'search-svc' does not leave the team open",
            exchange.Warning);
    }

    [Fact]
    public async Task A_key_without_a_team_does_not_let_the_caller_name_one()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("plain"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { User = "header-user", Feature = "chat", Team = "growth" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("plain", exchange.Key!.Name);
        Assert.Null(exchange.Team);
        Assert.Null(exchange.Feature);
        Assert.Null(exchange.User);
    }

    [Fact]
    public async Task A_header_repeating_the_keys_own_value_is_no_remark()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("core-svc", Team: "core"));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Team = "core" });

        await AssertPassedAsync(exchange);

        Assert.Equal("core", exchange.Team);
        Assert.Null(exchange.Warning);
    }

    [Fact]
    public async Task The_caller_names_what_the_key_leaves_open_and_nothing_else()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("app", Team: "core", OpenAttribution: AttributionFields.Feature | AttributionFields.User));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { User = "header-user", Feature = "chat", Team = "growth" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal(("header-user", "chat", "core"), (exchange.User, exchange.Feature, exchange.Team));
        Assert.Equal("x-tollgate-team ignored: key 'app' does not leave the team open", exchange.Warning);
    }

    [Fact]
    public async Task An_open_user_falls_back_to_the_body_user()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("app", OpenAttribution: AttributionFields.User));
        var exchange = Exchange(created.Secret, loopback: false, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("body-user", exchange.User);
    }

    [Fact]
    public async Task A_key_that_names_a_user_wins_over_the_header_and_the_body()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("per-user", User: "key-user", OpenAttribution: AttributionFields.Feature | AttributionFields.Team));
        var exchange = Exchange(created.Secret, loopback: false, new RequestHints { Feature = "chat", Team = "growth", User = "header-user" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal("per-user", exchange.Key!.Name);
        Assert.Equal("key-user", exchange.User);
        Assert.Equal("chat", exchange.Feature); // left open by the key, so the header names it
        Assert.Equal("growth", exchange.Team);
    }

    [Fact]
    public async Task Without_a_key_on_open_loopback_the_headers_and_the_body_attribute()
    {
        var exchange = Exchange(null, loopback: true, new RequestHints { Feature = "chat", Team = "growth" }, bodyUser: "body-user");

        await AssertPassedAsync(exchange);

        Assert.Equal(("body-user", "chat", "growth"), (exchange.User, exchange.Feature, exchange.Team));
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

    [Fact]
    public async Task A_body_already_refused_at_the_edge_stays_refused_for_a_known_caller()
    {
        var created = await _storage.Keys.CreateAsync(new VirtualKeySpec("svc", Team: "core"));
        var exchange = Exchange(created.Secret, loopback: false);
        exchange.Reject(413, ErrorTypes.RequestTooLarge, "too large");

        var reached = await RunAsync(exchange);

        Assert.True(reached, "a known caller's refused request goes on to be settled");
        Assert.Equal(413, exchange.Rejection!.Status);
        Assert.Equal("core", exchange.Team);
    }

    [Fact]
    public async Task A_body_already_refused_at_the_edge_becomes_a_401_for_an_unknown_caller()
    {
        await _storage.Keys.CreateAsync(new VirtualKeySpec("svc"));
        var exchange = Exchange("tg-wrong", loopback: false);
        exchange.Reject(413, ErrorTypes.RequestTooLarge, "too large");

        await AssertRefusedAsync(exchange, "Invalid Tollgate key.", "invalid_key");
    }
}
