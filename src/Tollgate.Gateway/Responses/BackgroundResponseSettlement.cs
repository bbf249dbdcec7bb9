using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Responses;
using Tollgate.Core.Settlement;
using Tollgate.Gateway.Protocols;
using Tollgate.Providers.Clients;

namespace Tollgate.Gateway.Responses;

/// <summary>
/// Settles the rows of background responses once their usage is known. Each one the store holds as pending (those of
/// an earlier run first, at start) is followed: the gateway asks the provider for it (<c>GET /v1/responses/{id}</c>)
/// after <see cref="ResponsesOptions.BackgroundPollSeconds"/>, then twice as long each time, until it has ended
/// (<c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>cancelled</c>); a client's retrieval through the gateway
/// that shows it ended settles it at once. The row is re-written (same request id) by
/// <see cref="LedgerSettler.SettleBackgroundAsync"/>, and only then is the pending settlement removed, so a crash in
/// between settles it again at the next start rather than never. One that does not end within the retention is
/// settled with its cost unknown and a warning.
/// </summary>
internal sealed partial class BackgroundResponseSettlement : BackgroundService
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(5);

    private readonly IResponseOwnershipStore _store;
    private readonly ILedgerStore _ledger;
    private readonly LedgerSettler _settler;
    private readonly ProviderDirectory _providers;
    private readonly BackgroundSettlementQueue _queue;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BackgroundResponseSettlement> _logger;

    // The responses this gateway follows; taking one out is the claim to settle it, so two paths never both do.
    private readonly ConcurrentDictionary<string, PendingSettlement> _following = new(StringComparer.Ordinal);

    public BackgroundResponseSettlement(
        IResponseOwnershipStore store,
        ILedgerStore ledger,
        LedgerSettler settler,
        ProviderDirectory providers,
        BackgroundSettlementQueue queue,
        IOptionsMonitor<GatewayOptions> options,
        TimeProvider time,
        ILogger<BackgroundResponseSettlement> logger)
    {
        _store = store;
        _ledger = ledger;
        _settler = settler;
        _providers = providers;
        _queue = queue;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Settles <paramref name="pending"/> as given up (not finished within the retention), before it is purged.</summary>
    public Task SettleExpiredAsync(PendingSettlement pending, CancellationToken cancellationToken)
    {
        _following.TryAdd(pending.ResponseId, pending);
        return SettleAsync(pending, BackgroundOutcomes.Expired, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var resumed = await _store.ListPendingSettlementsAsync(stoppingToken).ConfigureAwait(false);
            if (resumed.Count > 0)
            {
                LogResumed(_logger, resumed.Count);
            }

            foreach (var pending in resumed)
            {
                Follow(pending, stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogResumeFailed(_logger, exception);
        }

        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (work.Pending is { } pending)
                {
                    Follow(pending, stoppingToken);
                }
                else if (work.Outcome is { } outcome && _following.TryGetValue(work.ResponseId, out var followed))
                {
                    await SettleAsync(followed, outcome, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still pending stays in the store, and the next start resumes it.
        }
    }

    private void Follow(PendingSettlement pending, CancellationToken stoppingToken)
    {
        if (_following.TryAdd(pending.ResponseId, pending))
        {
            _ = PollAsync(pending, stoppingToken);
        }
    }

    private async Task PollAsync(PendingSettlement pending, CancellationToken stoppingToken)
    {
        var first = TimeSpan.FromSeconds(_options.CurrentValue.Responses.BackgroundPollSeconds);
        var pause = first;
        var longest = first > LongestPause ? first : LongestPause;
        try
        {
            while (_following.ContainsKey(pending.ResponseId))
            {
                var givenUpAt = pending.CreatedAt + _options.CurrentValue.Responses.Retention;
                var now = _time.GetUtcNow();
                if (now >= givenUpAt)
                {
                    await SettleAsync(pending, BackgroundOutcomes.Expired, stoppingToken).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(pause < givenUpAt - now ? pause : givenUpAt - now, _time, stoppingToken).ConfigureAwait(false);
                if (!_following.ContainsKey(pending.ResponseId))
                {
                    return; // a client's retrieval settled it meanwhile
                }

                if (await AskProviderAsync(pending, stoppingToken).ConfigureAwait(false) is { } outcome)
                {
                    await SettleAsync(pending, outcome, stoppingToken).ConfigureAwait(false);
                }

                pause = pause * 2 < longest ? pause * 2 : longest;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start resumes it from the store.
        }
        catch (Exception exception)
        {
            LogFollowFailed(_logger, exception, pending.ResponseId, pending.LedgerRequestId);
        }
    }

    /// <summary>How the response ended, or null while it runs (or when the provider could not tell, to be asked again).</summary>
    private async Task<BackgroundResponseOutcome?> AskProviderAsync(PendingSettlement pending, CancellationToken stoppingToken)
    {
        if (_providers.OpenAI is not { } client)
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_options.CurrentValue.UpstreamTimeoutSeconds));
        try
        {
            using var response = await client.SendAsync(
                new ProviderRequest
                {
                    Operation = ExchangeOperation.ResponsesRetrieve,
                    RequestId = pending.LedgerRequestId, // the provider's logs then name the row this is for
                    ResourceId = pending.ResponseId,
                },
                deadline.Token).ConfigureAwait(false);
            if (response.Status == 404)
            {
                return BackgroundOutcomes.Gone;
            }

            if (!response.IsSuccess)
            {
                LogAskFailed(_logger, pending.ResponseId, $"status {response.Status}");
                return null;
            }

            using var body = new MemoryStream();
            var stream = await response.OpenBodyAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(body, deadline.Token).ConfigureAwait(false);
            }

            var facts = default(ResponseFacts);
            if (!ResponseReader.TryReadResponses(body.GetBuffer().AsSpan(0, (int)body.Length), ref facts) || !BackgroundResponseOutcome.IsTerminal(facts.ResponseStatus))
            {
                return null;
            }

            return BackgroundOutcomes.Ended(facts.ResponseStatus!, facts.HasUsage ? facts.ToUsage() : null, facts.Model, facts.ErrorType, facts.BuiltInToolCalls);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException
            || (exception is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogAskFailed(_logger, pending.ResponseId, exception.Message);
            return null;
        }
    }

    private async Task SettleAsync(PendingSettlement pending, BackgroundResponseOutcome outcome, CancellationToken cancellationToken)
    {
        if (!_following.TryRemove(pending.ResponseId, out _))
        {
            return; // settled by another path already
        }

        try
        {
            var queued = await _ledger.GetAsync(pending.LedgerRequestId, cancellationToken).ConfigureAwait(false);

            // Only a row still waiting for its usage: one settled already (by another gateway on the same data) stays.
            if (queued?.Warning?.Contains(LedgerSettler.BackgroundPendingWarning, StringComparison.Ordinal) == true)
            {
                var settled = await _settler.SettleBackgroundAsync(queued, outcome, CancellationToken.None).ConfigureAwait(false);
                if (settled.CostUsd is null)
                {
                    LogSettledUnknown(_logger, pending.ResponseId, pending.LedgerRequestId, settled.Warning ?? string.Empty);
                }
                else
                {
                    LogSettled(_logger, pending.ResponseId, pending.LedgerRequestId, outcome.Status ?? "unknown");
                }
            }

            await _store.CompletePendingSettlementAsync(pending.ResponseId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Still pending in the store: follow it again (and the next start would resume it in any case).
            LogSettleFailed(_logger, exception, pending.ResponseId, pending.LedgerRequestId);
            Follow(pending, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Resuming the settlement of {Count} background responses left pending by an earlier run.")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 62, Level = LogLevel.Error, Message = "Could not read the background responses left pending; they are settled at the next start.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 63, Level = LogLevel.Debug, Message = "Asking the provider about background response {ResponseId} failed ({Reason}); asking again later.")]
    private static partial void LogAskFailed(ILogger logger, string responseId, string reason);

    [LoggerMessage(EventId = 64, Level = LogLevel.Information, Message = "Background response {ResponseId} ended {Status}; request {RequestId} is settled.")]
    private static partial void LogSettled(ILogger logger, string responseId, string requestId, string status);

    [LoggerMessage(EventId = 65, Level = LogLevel.Warning, Message = "Background response {ResponseId}: request {RequestId} is settled with an unknown cost ({Warning}).")]
    private static partial void LogSettledUnknown(ILogger logger, string responseId, string requestId, string warning);

    [LoggerMessage(EventId = 66, Level = LogLevel.Error, Message = "Could not settle background response {ResponseId} (request {RequestId}); trying again.")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string responseId, string requestId);

    [LoggerMessage(EventId = 67, Level = LogLevel.Error, Message = "Following background response {ResponseId} (request {RequestId}) stopped; it is resumed at the next start.")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception, string responseId, string requestId);
}
