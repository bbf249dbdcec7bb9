using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// Answers that must never be served again are not stored: provider errors, truncated answers (<c>finish_reason:
/// length</c>, <c>stop_reason: max_tokens</c>) and streams the provider cut. Each is asked twice, and both calls go
/// upstream; between them another answer is stored and waited for, so the first was judged by then.
/// </summary>
public sealed class UnstorableAnswerTests(AlwaysCachedFeatureGateway fixture) : IClassFixture<AlwaysCachedFeatureGateway>
{
    [Fact]
    public async Task A_provider_error_is_not_stored()
    {
        var prompt = Prompt("Classify [[fault:500]]");

        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));
        var callsOfOne = await fixture.UpstreamCallsAsync(prompt); // the first try and its retries
        await StoreSomethingAsync();
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(prompt));

        Assert.Equal((500, 500), (first.Status, second.Status));
        Assert.Equal(2 * callsOfOne, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_truncated_chat_completion_is_not_stored()
    {
        var prompt = Prompt("Explain caching at length");
        var body = RawCall.Chat(prompt, "\"temperature\":0,\"max_tokens\":1");

        var first = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", body);
        await StoreSomethingAsync();
        var second = await RawCall.PostAsync(fixture.Http, "v1/chat/completions", body);

        Assert.Contains("\"finish_reason\":\"length\"", first.Body, StringComparison.Ordinal);
        Assert.Equal(("miss", "miss"), (first.Cache, second.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Fact]
    public async Task A_truncated_message_is_not_stored()
    {
        var prompt = Prompt("Explain streaming at length");
        var body = RawCall.Messages(prompt, "\"top_k\":1").Replace("\"max_tokens\":200", "\"max_tokens\":1", StringComparison.Ordinal);

        var first = await RawCall.PostAsync(fixture.Http, "v1/messages", body);
        await StoreSomethingAsync();
        var second = await RawCall.PostAsync(fixture.Http, "v1/messages", body);

        Assert.Contains("\"stop_reason\":\"max_tokens\"", first.Body, StringComparison.Ordinal);
        Assert.Equal(("miss", "miss"), (first.Cache, second.Cache));
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    [Theory]
    [InlineData("v1/chat/completions")]
    [InlineData("v1/messages")]
    public async Task A_stream_the_provider_cut_is_not_stored(string path)
    {
        var prompt = Prompt("Tell a story [[fault:stream-cut]]");
        var body = path == "v1/messages" ? RawCall.Messages(prompt, "\"top_k\":1,\"stream\":true") : RawCall.Chat(prompt, "\"temperature\":0,\"stream\":true");

        await CutCallAsync(path, body);
        await StoreSomethingAsync();
        await CutCallAsync(path, body);

        // The simulator logs a call it cut once it has finished with it, which may be after the client saw the cut: wait
        // for the second call to show (a stored cut stream would leave it at one, and this gives up).
        await Poll.UntilAsync(async () => await fixture.UpstreamCallsAsync(prompt) >= 2, TimeSpan.FromSeconds(10), "the second upstream call");
        Assert.Equal(2, await fixture.UpstreamCallsAsync(prompt));
    }

    private async Task CutCallAsync(string path, string body)
    {
        try
        {
            await RawCall.PostAsync(fixture.Http, path, body);
        }
        catch (HttpRequestException)
        {
            // The gateway passes the cut on: the connection breaks mid-stream.
        }
    }

    private async Task StoreSomethingAsync()
    {
        var stored = await fixture.EntriesAsync();
        await RawCall.PostAsync(fixture.Http, "v1/chat/completions", RawCall.Chat(Prompt("Barrier")));
        await fixture.WaitForEntriesAsync(stored + 1);
    }

    private static string Prompt(string text) => text + " #" + Guid.NewGuid().ToString("N")[..12];
}
