using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Settlement;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Records what the semantic cache's calls to an OpenAI-compatible embeddings endpoint cost: each call made for a
/// request is settled as a ledger row of its own (<see cref="SemanticEmbeddingExchange"/>) through the
/// <see cref="LedgerSettler"/>, priced from the pricing catalog like any provider call. Off the request's path: the
/// row is written on a pool thread while the request goes on (its own row is committed after it, before its answer's
/// last byte, so the two usually share a commit), and a row that cannot be written is logged by the settler and never
/// fails the request. Disposal waits for the rows still being written, before the ledger closes.
/// </summary>
internal sealed partial class SemanticEmbeddingSpend : IAsyncDisposable
{
    private readonly LedgerSettler _settler;
    private readonly ILogger<SemanticEmbeddingSpend> _logger;
    private readonly ConcurrentDictionary<Task, byte> _writing = new();

    public SemanticEmbeddingSpend(LedgerSettler settler, ILogger<SemanticEmbeddingSpend> logger)
    {
        _settler = settler;
        _logger = logger;
    }

    /// <summary>Settles <paramref name="call"/> (answered or failed) in the background; returns at once.</summary>
    public void Record(SemanticEmbeddingExchange call)
    {
        var writing = Task.Run(() => SettleAsync(call));
        _writing.TryAdd(writing, 0);
        // Registered after the add, so the removal always comes after it.
        _ = writing.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _writing, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes once every row recorded before the call is written (or has failed).</summary>
    public Task FlushAsync() => Task.WhenAll(_writing.Keys);

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    private async Task SettleAsync(SemanticEmbeddingExchange call)
    {
        try
        {
            await _settler.SettleAsync(call).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The settler has logged a failed write; this says what it means for the request.
            LogNotRecorded(_logger, call.RequestId);
        }
    }

    [LoggerMessage(EventId = 162, Level = LogLevel.Warning, Message = "Semantic cache: the embedding spend row {RequestId} was not recorded; the request it was made for is unaffected.")]
    private static partial void LogNotRecorded(ILogger logger, string requestId);
}
