namespace Tollgate.Gateway;

/// <summary>
/// The access log: one line per request (time, request id, method, path, status, duration, protocol, model, provider,
/// key name, team, cost, cache outcome, lever), on the logging category <c>Tollgate.AccessLog</c>. Never a body, a
/// query string, a header or a key.
/// </summary>
public sealed class AccessLogOptions
{
    /// <summary>Whether requests are logged at all (off by default: the ledger already keeps every call).</summary>
    public bool Enabled { get; set; }

    /// <summary>The share of requests logged, from 0 to 1, drawn at random per request (default 1: every request).</summary>
    public double SampleRate { get; set; } = 1;
}
