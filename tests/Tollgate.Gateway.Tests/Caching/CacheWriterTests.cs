using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Caching;
using Tollgate.Storage.Embedded.Caching;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Caching;

/// <summary>
/// An answer is written to the store off the response's path; until it is, the writer holds it as pending, so a client
/// that repeats its request the moment it has the answer is still answered from the cache.
/// </summary>
public sealed class CacheWriterTests : IDisposable
{
    private const string Complete = """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Fine.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    private readonly TemporaryDirectory _data = new();
    private readonly SqliteCacheStore _store;

    public CacheWriterTests() => _store = SqliteCacheStore.Open(_data.Path);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public void An_answer_queued_and_not_yet_written_is_pending_as_the_entry_it_will_be()
    {
        var writer = NewWriter(); // not started: nothing is written
        writer.Enqueue(Recorded("q1", Complete));

        var pending = writer.Pending(Key("q1"));

        Assert.NotNull(pending);
        Assert.Equal(Complete, Encoding.UTF8.GetString(pending.Body.Span));
        Assert.Equal("team:core", pending.Scope);
        Assert.Null(writer.Pending(Key("q2")));
    }

    [Fact]
    public void A_queued_answer_that_may_not_be_stored_is_not_pending()
    {
        var writer = NewWriter();
        writer.Enqueue(Recorded("q1", Complete.Replace("\"stop\"", "\"length\"", StringComparison.Ordinal)));

        Assert.Null(writer.Pending(Key("q1")));
    }

    [Fact]
    public async Task Once_written_an_answer_is_in_the_store_and_no_longer_pending()
    {
        var writer = NewWriter();
        await writer.StartAsync(CancellationToken.None);
        writer.Enqueue(Recorded("q1", Complete));

        await writer.DisposeAsync(); // writes what is queued, then stops

        Assert.Null(writer.Pending(Key("q1")));
        Assert.NotNull(await _store.GetAsync(Key("q1")));
    }

    private CacheWriter NewWriter() => new(
        _store,
        new SemanticCaching(new StaticOptionsMonitor(new GatewayOptions()), TimeProvider.System),
        TimeProvider.System,
        NullLogger<CacheWriter>.Instance);

    private static CacheKey Key(string name) => CacheKey.Of(Encoding.UTF8.GetBytes(name));

    private static RecordedAnswer Recorded(string name, string body) => new(
        Key(name), "team:core", null, "gpt-4o-mini", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, 200, IsEventStream: false,
        Encoding.UTF8.GetBytes(body), "Is this fine?", TtlOverride: null, TimeZoneInfo.Utc);

    private sealed class StaticOptionsMonitor(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => value;

        public GatewayOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
