using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Alerts;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// The <see cref="IAlertPublisher"/>: a bounded queue the <see cref="AlertDispatcher"/> empties. Publishing is one
/// non-blocking write, so a request that crosses a budget threshold never waits for storage or a webhook; when the
/// queue is full (a storm of alerts the store cannot keep up with) the alert is dropped and the drop logged.
/// </summary>
internal sealed partial class AlertQueue : IAlertPublisher
{
    /// <summary>How many alerts may wait to be stored.</summary>
    internal const int Capacity = 1024;

    private readonly Channel<Alert> _channel = Channel.CreateBounded<Alert>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then refuses instead of waiting
    });

    private readonly ILogger<AlertQueue> _logger;

    public AlertQueue(ILogger<AlertQueue> logger) => _logger = logger;

    internal ChannelReader<Alert> Reader => _channel.Reader;

    /// <inheritdoc />
    public bool Publish(Alert alert)
    {
        if (alert is null)
        {
            return false;
        }

        if (_channel.Writer.TryWrite(alert))
        {
            return true;
        }

        LogDropped(_logger, alert.Id, alert.Kind, alert.Message);
        return false;
    }

    /// <summary>Takes no more alerts: the dispatcher stores what is queued and stops.</summary>
    internal void Complete() => _channel.Writer.TryComplete();

    [LoggerMessage(EventId = 172, Level = LogLevel.Error, Message = "Alert {AlertId} ({Kind}) was dropped: the gateway is stopping or the alert queue is full. {Message}")]
    private static partial void LogDropped(ILogger logger, string alertId, string kind, string message);
}
