using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// Takes the alerts off the <see cref="AlertQueue"/> one at a time: stores each (an alert whose dedupe key was raised
/// before stops here), logs it, and sends it to every webhook configured at that moment whose kinds admit it, several
/// deliveries at once, recording how each ended. At start it resumes the deliveries a stop interrupted. A graceful stop
/// drains it once every hosted service has stopped (so requests still finishing, whose settlement may cross a threshold,
/// are served first): it takes no more alerts, stores the ones queued and lets deliveries finish until the host's
/// shutdown timeout; what is still being delivered then stays pending, and is tried again at the next start.
/// </summary>
internal sealed class AlertDispatcher : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>Deliveries under way at once; more wait, and the queue holds the alerts behind them.</summary>
    internal const int MaxConcurrentDeliveries = 8;

    /// <summary>Most interrupted alerts resumed at a start (the oldest).</summary>
    internal const int MaxResumed = 1000;

    private readonly AlertQueue _queue;
    private readonly IAlertStore _store;
    private readonly WebhookSender _sender;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots = new(MaxConcurrentDeliveries, MaxConcurrentDeliveries);
    private readonly CancellationTokenSource _abandon = new();
    private readonly HashSet<Task> _deliveries = [];
    private Task? _run;

    public AlertDispatcher(AlertQueue queue, IAlertStore store, WebhookSender sender, IOptionsMonitor<GatewayOptions> options, ILoggerFactory loggers)
    {
        _queue = queue;
        _store = store;
        _sender = sender;
        _options = options;
        _logger = loggers.CreateLogger(AlertLog.Category);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    // Requests still finishing when the host stops may raise alerts: the queue stays open until every service has stopped.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    /// <summary>Without a graceful stop first, deliveries under way are abandoned at once (left pending); queued alerts are stored.</summary>
    public async ValueTask DisposeAsync() => await DrainAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Takes no more alerts and waits for the queued ones to be stored and their deliveries to end. When
    /// <paramref name="abandon"/> fires, deliveries are abandoned and stay pending; storing the queued alerts is quick
    /// and still done, so the store is never closed under the dispatcher (the container disposes this before it).
    /// </summary>
    private async Task DrainAsync(CancellationToken abandon)
    {
        _queue.Complete();
        if (_run is null)
        {
            return;
        }

        using (abandon.Register(_abandon.Cancel))
        {
            await _run.ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        await ResumeAsync().ConfigureAwait(false);
        await foreach (var alert in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await RaiseAsync(alert).ConfigureAwait(false);
        }

        Task[] running;
        lock (_deliveries)
        {
            running = [.. _deliveries];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RaiseAsync(Alert alert)
    {
        var settings = _options.CurrentValue.Alerts;
        var webhooks = new List<AlertWebhookOptions>(settings.Webhooks.Count);
        var names = new List<string>(settings.Webhooks.Count);
        foreach (var webhook in settings.Webhooks)
        {
            if (webhook.Accepts(alert.Kind))
            {
                webhooks.Add(webhook);
                names.Add(webhook.EffectiveName);
            }
        }

        try
        {
            if (!await _store.AppendAsync(alert, names, CancellationToken.None).ConfigureAwait(false))
            {
                AlertLog.AlreadyRaised(_logger, alert.Id, alert.DedupeKey);
                return;
            }
        }
        catch (Exception exception)
        {
            // An alert nobody sees is worse than one sent twice: it is still logged and sent.
            AlertLog.StoreFailed(_logger, alert.Id, exception);
        }

        AlertLog.Raised(_logger, alert);
        if (webhooks.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(AlertResponse.From(alert), AlertJsonContext.Default.AlertResponse);
        foreach (var webhook in webhooks)
        {
            await StartDeliveryAsync(alert.Id, body, webhook, settings, priorAttempts: 0).ConfigureAwait(false);
        }
    }

    /// <summary>The deliveries a stop left pending, to the webhooks still configured under their names; the others fail.</summary>
    private async Task ResumeAsync()
    {
        IReadOnlyList<StoredAlert> pending;
        try
        {
            pending = await _store.ListPendingAsync(MaxResumed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AlertLog.ResumeFailed(_logger, exception);
            return;
        }

        if (pending.Count == 0)
        {
            return;
        }

        AlertLog.Resuming(_logger, pending.Count);
        var settings = _options.CurrentValue.Alerts;
        foreach (var stored in pending)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(AlertResponse.From(stored.Alert), AlertJsonContext.Default.AlertResponse);
            foreach (var delivery in stored.Deliveries)
            {
                if (delivery.State != AlertDeliveryState.Pending)
                {
                    continue;
                }

                var webhook = settings.Webhooks.Find(w => string.Equals(w.EffectiveName, delivery.Webhook, StringComparison.Ordinal));
                if (webhook is null)
                {
                    await RecordAsync(stored.Alert.Id, delivery with { State = AlertDeliveryState.Failed, LastError = "webhook no longer configured" }).ConfigureAwait(false);
                    continue;
                }

                await StartDeliveryAsync(stored.Alert.Id, body, webhook, settings, delivery.Attempts).ConfigureAwait(false);
            }
        }
    }

    private async Task StartDeliveryAsync(string alertId, byte[] body, AlertWebhookOptions webhook, AlertOptions settings, int priorAttempts)
    {
        try
        {
            await _slots.WaitAsync(_abandon.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // stopping: its delivery stays pending
        }

        var delivery = Task.Run(() => DeliverAsync(alertId, body, webhook, settings, priorAttempts), CancellationToken.None);
        lock (_deliveries)
        {
            _deliveries.Add(delivery);
        }

        _ = delivery.ContinueWith(
            finished =>
            {
                lock (_deliveries)
                {
                    _deliveries.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task DeliverAsync(string alertId, byte[] body, AlertWebhookOptions webhook, AlertOptions settings, int priorAttempts)
    {
        try
        {
            var delivery = await _sender.DeliverAsync(alertId, body, webhook, settings, priorAttempts, _abandon.Token).ConfigureAwait(false);
            switch (delivery.State)
            {
                case AlertDeliveryState.Delivered:
                    AlertLog.Delivered(_logger, alertId, delivery.Webhook, delivery.Attempts);
                    break;
                case AlertDeliveryState.Failed:
                    AlertLog.DeliveryFailed(_logger, alertId, delivery.Webhook, delivery.Attempts, delivery.LastError);
                    break;
                default:
                    AlertLog.DeliveryInterrupted(_logger, alertId, delivery.Webhook, delivery.Attempts);
                    break;
            }

            await RecordAsync(alertId, delivery).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RecordAsync(string alertId, AlertDelivery delivery)
    {
        try
        {
            await _store.RecordDeliveryAsync(alertId, delivery, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AlertLog.RecordFailed(_logger, alertId, delivery.Webhook, exception);
        }
    }
}
