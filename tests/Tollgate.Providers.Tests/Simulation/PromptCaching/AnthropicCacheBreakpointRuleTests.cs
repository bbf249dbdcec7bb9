using static Tollgate.Providers.Tests.Simulation.PromptCaching.AnthropicCacheBodies;

namespace Tollgate.Providers.Tests.Simulation.PromptCaching;

/// <summary>The simulated Anthropic provider refuses breakpoints as Anthropic does: more than four, a one-hour entry after a five-minute one, an unknown lifetime.</summary>
public sealed class AnthropicCacheBreakpointRuleTests
{
    [Theory]
    [InlineData(MessagesPath)]
    [InlineData("v1/messages/count_tokens")]
    public async Task More_than_four_breakpoints_are_refused_with_400_in_anthropics_error_shape(string path)
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(
            Sonnet,
            [Text("One.", Marker()), Text("Two.", Marker()), Text("Three.", Marker())],
            User(Text("Four.", Marker()), Text("Five.", Marker())));

        var (status, error) = await simulator.PostAsync(path, body);

        Assert.Equal(400, status);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("A maximum of 4 blocks with cache_control may be provided. Found 5.", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_automatic_breakpoint_counts_against_the_four()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text("One.", Marker()), Text("Two.", Marker()), Text("Three.", Marker())], User(Text("Four.", Marker()), Text("Last.")));
        var (fourStatus, _) = await simulator.PostAsync(MessagesPath, body);
        body["cache_control"] = Marker();

        var (status, error) = await simulator.PostAsync(MessagesPath, body);

        Assert.Equal(200, fourStatus);
        Assert.Equal(400, status);
        Assert.Equal("A maximum of 4 blocks with cache_control may be provided. Found 5.", error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_one_hour_breakpoint_after_a_five_minute_one_is_refused()
    {
        await using var simulator = await CachingSimulator.StartAsync();
        var body = Body(Sonnet, [Text("Rules.", Marker("5m"))], User(Text("Question.", Marker("1h"))));

        var (status, error) = await simulator.PostAsync(MessagesPath, body);

        Assert.Equal(400, status);
        Assert.Contains("messages.0.content.0.cache_control.ttl", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ttl_other_than_five_minutes_or_one_hour_is_refused()
    {
        await using var simulator = await CachingSimulator.StartAsync();

        var (status, error) = await simulator.PostAsync(MessagesPath, Body(Sonnet, [Text("Rules.", Marker("10m"))], User(Text("Question."))));

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
    }
}
