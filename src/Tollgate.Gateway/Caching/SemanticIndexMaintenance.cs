using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Caching;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Keeps the semantic index in step with the store in the background: at start it indexes the semantic parts of the
/// stored entries (the gateway serves meanwhile; until then a paraphrase is a miss), without making the cache, let
/// alone loading a model, when the store holds none; then it frees expired entries from the index every few minutes.
/// </summary>
internal sealed partial class SemanticIndexMaintenance : BackgroundService
{
    /// <summary>How often expired entries leave the index (searches skip them at once; this frees their memory).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly SemanticCaching _semantic;
    private readonly ICacheStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<SemanticIndexMaintenance> _logger;

    public SemanticIndexMaintenance(SemanticCaching semantic, ICacheStore store, TimeProvider time, ILogger<SemanticIndexMaintenance> logger)
    {
        _semantic = semantic;
        _store = store;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start's path: the host goes on to listen while the store is read.
        await Task.Yield();
        await RebuildAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _semantic.IfCreated?.Index.RemoveExpired();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RebuildAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await HasSemanticPartsAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            var indexed = await _semantic.Cache.RebuildAsync(_store, stoppingToken).ConfigureAwait(false);
            LogRebuilt(_logger, indexed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRebuildFailed(_logger, exception);
        }
    }

    private async Task<bool> HasSemanticPartsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _store.ReadSemanticPartsAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    [LoggerMessage(EventId = 160, Level = LogLevel.Information, Message = "Semantic cache: {Indexed} stored prompts indexed.")]
    private static partial void LogRebuilt(ILogger logger, int indexed);

    [LoggerMessage(EventId = 161, Level = LogLevel.Warning, Message = "Semantic cache: the index could not be rebuilt from the store; stored answers are found by identical requests only until they are stored again.")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception);
}
