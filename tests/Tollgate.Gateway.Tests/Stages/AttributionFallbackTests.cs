using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Stages;
using Tollgate.Gateway.Tests.Settlement;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Stages;

/// <summary>An empty attribution value counts as none: the next source is used, and with none left, nothing is attributed.</summary>
public sealed class AttributionFallbackTests : IAsyncLifetime
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

    private async Task<TestExchange> RunAsync(RequestHints hints, string? bodyUser)
    {
        var exchange = new TestExchange("{}", "gpt-4o-mini") { FromLoopback = true, Hints = hints };
        exchange.Request = exchange.Request with { User = bodyUser };
        await _stage.InvokeAsync(exchange, _ => ValueTask.CompletedTask);
        Assert.Null(exchange.Rejection);
        return exchange;
    }
}
