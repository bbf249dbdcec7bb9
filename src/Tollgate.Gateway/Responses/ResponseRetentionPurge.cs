using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Responses;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// Forgets, at start and every hour, who created the responses older than <see cref="ResponsesOptions.Retention"/>
/// (the provider no longer keeps them either), so the store does not grow without end. A background response still
/// pending that old is settled first, with its cost unknown and a warning: its row is never left waiting.
/// </summary>
internal sealed partial class ResponseRetentionPurge : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly IResponseOwnershipStore _store;
    private readonly BackgroundResponseSettlement _settlements;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ResponseRetentionPurge> _logger;

    public ResponseRetentionPurge(IResponseOwnershipStore store, BackgroundResponseSettlement settlements, IOptionsMonitor<GatewayOptions> options, TimeProvider time, ILogger<ResponseRetentionPurge> logger)
    {
        _store = store;
        _settlements = settlements;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        try
        {
            var cutoff = ResponseRetention.Cutoff(_time.GetUtcNow(), _options.CurrentValue.Responses.Retention);
            foreach (var pending in await _store.ListPendingSettlementsAsync(stoppingToken).ConfigureAwait(false))
            {
                if (pending.CreatedAt >= cutoff)
                {
                    break; // oldest first
                }

                await _settlements.SettleExpiredAsync(pending, stoppingToken).ConfigureAwait(false);
            }

            var purged = await _store.PurgeAsync(cutoff, stoppingToken).ConfigureAwait(false);
            if (purged.Owners + purged.PendingSettlements > 0)
            {
                LogPurged(_logger, purged.Owners, purged.PendingSettlements, cutoff);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPurgeFailed(_logger, exception);
        }
    }

    [LoggerMessage(EventId = 68, Level = LogLevel.Information, Message = "Forgot {Owners} stored responses and {Pending} pending settlements created before {Cutoff}.")]
    private static partial void LogPurged(ILogger logger, long owners, long pending, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 69, Level = LogLevel.Error, Message = "The purge of old stored responses failed; it runs again within the hour.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
