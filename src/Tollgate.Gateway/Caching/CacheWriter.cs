using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Caching;
using Tollgate.Gateway.Protocols.Answers;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Stores recorded answers off the response's path: a request hands its answer over and is done; one background loop
/// judges each (<see cref="AnswerForms.Inspect"/>: no errors, refusals, truncations or cut streams), gives it its
/// lifetime and writes it. A queue that is full drops the answer (a miss later, never a slower request). The loop runs
/// until the gateway's services are disposed, after the requests in flight have finished, and writes what is queued
/// first: a graceful restart keeps every answer the gateway had recorded. An answer to a semantic miss is stored with
/// its embedded message and indexed once stored, with the vector made at the lookup. Until an answer is written it is
/// <see cref="Pending"/>: a client that repeats its request as soon as it has the answer is served it all the same.
/// </summary>
internal sealed partial class CacheWriter : IHostedService, IAsyncDisposable
{
    private const int QueueCapacity = 1024;

    private readonly Channel<RecordedAnswer> _queue = Channel.CreateBounded<RecordedAnswer>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    // Answers queued and not yet written, by key: looked up after a store miss.
    private readonly ConcurrentDictionary<CacheKey, RecordedAnswer> _pending = new();
    private readonly ICacheStore _store;
    private readonly SemanticCaching _semantic;
    private readonly TimeProvider _time;
    private readonly ILogger<CacheWriter> _logger;

    public CacheWriter(ICacheStore store, SemanticCaching semantic, TimeProvider time, ILogger<CacheWriter> logger)
    {
        _store = store;
        _semantic = semantic;
        _time = time;
        _logger = logger;
    }

    /// <summary>Queues <paramref name="answer"/> to be judged and stored; returns at once.</summary>
    public void Enqueue(RecordedAnswer answer)
    {
        // Made pending before it is queued, so the loop's removal never comes first.
        _pending[answer.Key] = answer;
        if (!_queue.Writer.TryWrite(answer))
        {
            _pending.TryRemove(new KeyValuePair<CacheKey, RecordedAnswer>(answer.Key, answer));
            LogQueueFull(_logger, answer.Key.Hex);
        }
    }

    /// <summary>
    /// The entry an answer queued under <paramref name="key"/> and not yet written will be, judged as the writer will
    /// judge it; null when there is none or it may not be stored.
    /// </summary>
    public CacheEntry? Pending(CacheKey key) =>
        _pending.TryGetValue(key, out var answer) ? ToEntry(answer, out _) : null;

    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WriteAllAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    // Requests still finishing when the host stops record answers too: the loop ends only at disposal.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what is queued, then stops (the services are disposed before the store this writes to).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private async Task WriteAllAsync()
    {
        await foreach (var answer in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await StoreAsync(answer).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogStoreFailed(_logger, exception, answer.Key.Hex);
            }
            finally
            {
                _pending.TryRemove(new KeyValuePair<CacheKey, RecordedAnswer>(answer.Key, answer));
            }
        }
    }

    private async ValueTask StoreAsync(RecordedAnswer answer)
    {
        if (ToEntry(answer, out var refusal) is not { } entry)
        {
            if (refusal is not null)
            {
                LogNotStored(_logger, answer.Key.Hex, refusal);
            }

            return;
        }

        // Indexed before it is written, while it is still pending: from the moment the store counts the entry, a
        // paraphrase finds it (a lookup in between is served from the queue); a write that fails leaves an index entry
        // whose answer is gone, which the stage forgets at its first match.
        if (answer.Semantic is { } semantic)
        {
            _semantic.Remember(semantic.Partition, entry.Key, semantic.Prompt, entry.ExpiresAt);
        }

        await _store.PutAsync(entry).ConfigureAwait(false);
    }

    /// <summary>The entry <paramref name="answer"/> is stored as, or null when it may not be stored (and why, when it is judged unfit).</summary>
    private CacheEntry? ToEntry(RecordedAnswer answer, out string? refusal)
    {
        refusal = null;
        var inspection = AnswerForms.Inspect(answer.Operation, answer.Bytes, answer.IsEventStream);
        if (!inspection.Storable)
        {
            refusal = inspection.Reason ?? "refused";
            return null;
        }

        var lifetime = CacheLifetime.For(answer.Prompt, _time, answer.TimeZone, answer.TtlOverride);
        if (lifetime <= TimeSpan.Zero)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        return new CacheEntry
        {
            Key = answer.Key,
            Scope = answer.Scope,
            Feature = answer.Feature,
            Model = answer.Model,
            Protocol = answer.Protocol,
            Status = answer.Status,
            ContentType = answer.IsEventStream ? "text/event-stream; charset=utf-8" : "application/json",
            Body = answer.IsEventStream ? ReadOnlyMemory<byte>.Empty : answer.Bytes,
            Events = answer.IsEventStream ? AnswerForms.SplitEvents(answer.Bytes) : null,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            Semantics = answer.Semantic?.Prompt.ToEntrySemantics(answer.Semantic.Partition),
        };
    }

    [LoggerMessage(EventId = 151, Level = LogLevel.Warning, Message = "Response cache: could not store the answer for key {Key}; it will be a miss.")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 152, Level = LogLevel.Warning, Message = "Response cache: the store queue is full; the answer for key {Key} is not stored.")]
    private static partial void LogQueueFull(ILogger logger, string key);

    [LoggerMessage(EventId = 153, Level = LogLevel.Debug, Message = "Response cache: the answer for key {Key} is not stored ({Reason}).")]
    private static partial void LogNotStored(ILogger logger, string key, string reason);
}
