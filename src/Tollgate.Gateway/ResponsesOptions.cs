using Tollgate.Core.Responses;

namespace Tollgate.Gateway;

/// <summary>
/// The Responses API's stored responses: who may reach one, how long the gateway remembers who created it, and how
/// often it asks the provider whether a background response has finished.
/// </summary>
public sealed class ResponsesOptions
{
    /// <summary>Default of <see cref="BackgroundPollSeconds"/>.</summary>
    public const double DefaultBackgroundPollSeconds = 5;

    /// <summary>Shortest <see cref="BackgroundPollSeconds"/> accepted: the provider is not to be hammered.</summary>
    public const double MinBackgroundPollSeconds = 0.1;

    /// <summary>Longest <see cref="BackgroundPollSeconds"/> accepted (a day).</summary>
    public const double MaxBackgroundPollSeconds = 86_400;

    /// <summary>Who may reach a stored response through the gateway (read per request, so it follows a reload).</summary>
    public ResponseIsolation Isolation { get; set; } = ResponseIsolation.Team;

    /// <summary>How long who created each response (and a background response still to settle) is remembered.</summary>
    public TimeSpan Retention { get; set; } = ResponseRetention.Default;

    /// <summary>
    /// Seconds before the gateway first asks the provider whether a background response has finished; each later
    /// question waits twice as long as the one before, up to five minutes (or this, when longer).
    /// </summary>
    public double BackgroundPollSeconds { get; set; } = DefaultBackgroundPollSeconds;
}
