using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Stages;

/// <summary>
/// The tags a call is charged under: the key's are fixed, the caller adds others in <c>x-tollgate-tags</c>, and a
/// caller that would change a key's tag, or sends a broken header, is refused once identified (so its refusal is a row).
/// </summary>
public sealed class IdentifyStageTagTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private IdentifyStage _stage = null!;

    public Task InitializeAsync()
    {
        var resolver = new VirtualKeyResolver(_storage.Keys, TimeProvider.System);
        _stage = new IdentifyStage(resolver, new AuthenticationMode(resolver, UnauthenticatedLoopback.UntilFirstKey, NullLogger<AuthenticationMode>.Instance));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    private async Task<string> KeyAsync(string tags)
    {
        var spec = new VirtualKeySpec("svc") { Tags = RequestTags.Create(tags.Split(',').Select(pair => new KeyValuePair<string, string>(pair.Split('=')[0], pair.Split('=')[1]))) };
        return (await _storage.Keys.CreateAsync(spec)).Secret;
    }

    /// <summary>Runs the stage on a call with these credentials and header; true when it went on to the next stage.</summary>
    private async Task<(TestExchange Exchange, bool Reached)> RunAsync(string? credential, string? header)
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { Credential = credential, FromLoopback = true, Hints = new RequestHints { Tags = header } };
        var reached = false;
        await _stage.InvokeAsync(exchange, _ =>
        {
            reached = true;
            return ValueTask.CompletedTask;
        });
        return (exchange, reached);
    }

    [Fact]
    public async Task A_keys_tags_are_the_calls_tags()
    {
        var secret = await KeyAsync("project=atlas,env=prod");

        var (exchange, reached) = await RunAsync(secret, header: null);

        Assert.True(reached);
        Assert.Null(exchange.Rejection);
        Assert.Equal("env=prod,project=atlas", exchange.Tags.ToString());
    }

    [Fact]
    public async Task The_caller_adds_tags_to_the_keys_own()
    {
        var secret = await KeyAsync("project=atlas");

        var (exchange, _) = await RunAsync(secret, "env=staging, Run=nightly-7");

        Assert.Null(exchange.Rejection);
        Assert.Equal("env=staging,project=atlas,run=nightly-7", exchange.Tags.ToString());
    }

    [Fact]
    public async Task A_header_repeating_a_keys_tag_with_its_own_value_is_accepted()
    {
        var secret = await KeyAsync("project=atlas");

        var (exchange, _) = await RunAsync(secret, "PROJECT=atlas,env=dev");

        Assert.Null(exchange.Rejection);
        Assert.Equal("env=dev,project=atlas", exchange.Tags.ToString());
    }

    [Fact]
    public async Task A_header_changing_a_keys_tag_is_refused_with_403_and_recorded_under_the_keys_tags()
    {
        var secret = await KeyAsync("project=atlas");

        var (exchange, reached) = await RunAsync(secret, "env=dev,project=zeus");

        Assert.True(reached, "the refusal of an identified caller goes on to be settled");
        var rejection = Assert.IsType<ExchangeRejection>(exchange.Rejection);
        Assert.Equal((403, "permission_error"), (rejection.Status, rejection.ErrorType));
        Assert.Equal("x-tollgate-tags: key 'svc' fixes the tag 'project' to another value; its callers may add tags, not change the key's.", rejection.Message);
        Assert.DoesNotContain("atlas", rejection.Message, StringComparison.Ordinal);
        Assert.Equal("project=atlas", exchange.Tags.ToString());
        Assert.Equal("svc", exchange.Key!.Name);
    }

    [Fact]
    public async Task A_broken_header_is_refused_with_400_once_the_caller_is_known()
    {
        var secret = await KeyAsync("project=atlas");

        var (exchange, reached) = await RunAsync(secret, "env");

        Assert.True(reached);
        Assert.Equal((400, "invalid_request_error", "x-tollgate-tags: item 1 is not key=value."), (exchange.Rejection!.Status, exchange.Rejection.ErrorType, exchange.Rejection.Message));
        Assert.Equal("project=atlas", exchange.Tags.ToString());
    }

    [Fact]
    public async Task A_broken_header_from_an_unknown_caller_is_a_401_not_a_400()
    {
        await KeyAsync("project=atlas");

        var (exchange, reached) = await RunAsync("tg-wrong", "env");

        Assert.False(reached);
        Assert.Equal(401, exchange.Rejection!.Status);
        Assert.True(exchange.Tags.IsEmpty);
    }

    [Fact]
    public async Task Tags_that_with_the_keys_come_to_more_than_ten_are_refused()
    {
        var secret = await KeyAsync("a=1,b=2,c=3");

        var (exchange, _) = await RunAsync(secret, string.Join(',', Enumerable.Range(0, 8).Select(i => $"k{i}=v")));

        Assert.Equal(400, exchange.Rejection!.Status);
        Assert.Equal("x-tollgate-tags: with the 3 tags of key 'svc', the request would carry more than 10 tags.", exchange.Rejection.Message);
    }

    [Fact]
    public async Task Without_a_key_on_loopback_the_header_alone_tags_the_call()
    {
        var (exchange, reached) = await RunAsync(null, "project=atlas");

        Assert.True(reached);
        Assert.Equal("project=atlas", exchange.Tags.ToString());
    }

    [Fact]
    public async Task A_body_refused_at_the_edge_keeps_its_refusal_and_the_keys_tags()
    {
        var secret = await KeyAsync("project=atlas");
        var exchange = new TestExchange("{}", "gpt-4o-mini") { Credential = secret, FromLoopback = true, Hints = new RequestHints { Tags = "broken" } };
        exchange.Reject(413, ErrorTypes.RequestTooLarge, "too large");

        await _stage.InvokeAsync(exchange, _ => ValueTask.CompletedTask);

        Assert.Equal(413, exchange.Rejection!.Status);
        Assert.Equal("project=atlas", exchange.Tags.ToString());
    }
}
