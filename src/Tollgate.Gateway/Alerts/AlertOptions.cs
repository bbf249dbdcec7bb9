namespace Tollgate.Gateway.Alerts;

/// <summary>
/// Where alerts go besides the log and <c>GET /admin/alerts</c> (<c>Tollgate:Alerts</c>). Read for each alert, so an
/// edit of the <c>--config</c> file applies to the next one.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>Default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 6;

    /// <summary>Most <see cref="MaxAttempts"/> accepted.</summary>
    public const int MaxMaxAttempts = 20;

    /// <summary>Default of <see cref="RetryDelaySeconds"/>.</summary>
    public const double DefaultRetryDelaySeconds = 2;

    /// <summary>Default of <see cref="AttemptTimeoutSeconds"/>.</summary>
    public const double DefaultAttemptTimeoutSeconds = 10;

    /// <summary>Longest wait between attempts, whatever the backoff or a receiver's <c>retry-after</c> says.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>The webhooks every alert is POSTed to (those whose <see cref="AlertWebhookOptions.Kinds"/> admit it).</summary>
    public List<AlertWebhookOptions> Webhooks { get; set; } = [];

    /// <summary>
    /// How many POSTs a delivery makes at most before it is recorded as failed (default 6: the first and five retries).
    /// </summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>
    /// Seconds before the first retry; each later one waits about twice as long (with jitter), up to five minutes. A
    /// receiver's <c>retry-after</c> is honoured instead, up to five minutes.
    /// </summary>
    public double RetryDelaySeconds { get; set; } = DefaultRetryDelaySeconds;

    /// <summary>How long one POST may take, in seconds, before it counts as failed and is retried.</summary>
    public double AttemptTimeoutSeconds { get; set; } = DefaultAttemptTimeoutSeconds;
}
