namespace Tollgate.Core.Exchange;

/// <summary>
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps of the boundaries between an exchange's phases (body read,
/// parse, pipeline, upstream, relay, ledger commit), for a host that measures where a request's time goes. The host
/// creates one only while someone listens; an exchange without one takes no timestamps. A boundary not reached stays 0.
/// </summary>
public sealed class ExchangeTimestamps
{
    /// <summary>The host starts reading the request body.</summary>
    public long BodyReadStarted { get; set; }

    /// <summary>The whole body is in the host's buffer.</summary>
    public long BodyRead { get; set; }

    /// <summary>The request's facts are read from the body; the pipeline starts.</summary>
    public long Parsed { get; set; }

    /// <summary>The call stage hands the request to the provider client (edits applied, pending row written).</summary>
    public long UpstreamSent { get; set; }

    /// <summary>The provider's response headers are in.</summary>
    public long UpstreamAnswered { get; set; }

    /// <summary>Settlement starts writing the settled row.</summary>
    public long CommitStarted { get; set; }

    /// <summary>The settled row is durable.</summary>
    public long Committed { get; set; }
}
