namespace Tollgate.Core.Exchange;

/// <summary>
/// What the call stage knows about one upstream attempt when its outcome is known (a failure, or the answer's status
/// line), recorded with <see cref="ExchangeContext.AddAttempt"/>. Settlement prices it at its own model, and
/// completes the last attempt, whose answer the exchange carries, with what the relay read from that answer. A
/// struct, so recording one attempt costs no allocation of its own.
/// </summary>
public readonly record struct UpstreamAttempt
{
    /// <summary>Provider the attempt went to.</summary>
    public string? Provider { get; init; }

    /// <summary>Model the provider reported serving, else the one the attempt was sent with.</summary>
    public string? Model { get; init; }

    /// <summary>HTTP status the provider answered with; 0 when no answer came (unreachable, timed out, client gone).</summary>
    public int Status { get; init; }

    /// <summary>Error type of a failed attempt.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Usage the provider reported; null when it reported none.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>
    /// Whether the provider may have billed the attempt (see <see cref="ExchangeContext.ProviderMayHaveBilled"/>):
    /// one without reported usage is then estimated from the prompt, otherwise it costs nothing.
    /// </summary>
    public bool ProviderMayHaveBilled { get; init; }

    /// <summary>Whether the attempt went through the provider's Batch API and is billed at its rates.</summary>
    public bool BilledAsBatch { get; init; }

    /// <summary>Milliseconds from sending the request to the answer's status line, or to the failure.</summary>
    public double LatencyMs { get; init; }
}
