using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Diagnostics;

/// <summary>
/// The gateway's meter, <c>Tollgate.Gateway</c>, its instruments and the names on them. The histogram
/// <c>tollgate.gateway.phase.duration</c> (seconds, tagged <c>phase</c>) says where each request's time goes: reading
/// the body, reading its facts, the stages before the call, the provider's answer, relaying it, committing the settled
/// row, and the whole. Nothing is timed unless someone listens (<c>dotnet-counters</c>, an exporter, a
/// <see cref="MeterListener"/>); until then a request pays one flag read. The counter
/// <c>tollgate.gateway.requests.refused</c> (tagged <c>reason</c>) counts requests refused before their caller was
/// identified, which have no ledger row (<see cref="Hosting.RefusedRequestCounter"/>). The counter
/// <c>tollgate.gateway.cache.hits</c> (tagged <c>lever</c>: <c>exact</c>, <c>semantic</c>, <c>coalesced</c>) counts the
/// requests answered without a call of their own (<see cref="Caching.CacheHitCounter"/>).
/// </summary>
internal sealed class GatewayMeter
{
    public const string MeterName = "Tollgate.Gateway";
    public const string PhaseDurationName = "tollgate.gateway.phase.duration";
    public const string PhaseTag = "phase";
    public const string RefusedRequestsName = "tollgate.gateway.requests.refused";
    public const string ReasonTag = "reason";
    public const string CacheHitsName = "tollgate.gateway.cache.hits";
    public const string LeverTag = "lever";
    public const string RetryWaitName = "tollgate.gateway.upstream.retry.wait";
    public const string RetryWaitSourceTag = "source";
    public const string FallbacksName = "tollgate.gateway.upstream.fallbacks";

    /// <summary>From the first to the last byte of the request body read into the buffer.</summary>
    public const string BodyReadPhase = "body_read";

    /// <summary>The request's facts (model, stream, limits) read from the body.</summary>
    public const string ParsePhase = "parse";

    /// <summary>The stages before the call, and the call stage's own preparation (edits applied, pending row written).</summary>
    public const string PipelinePhase = "pipeline";

    /// <summary>From handing the request to the provider client until the response headers are in.</summary>
    public const string UpstreamPhase = "upstream";

    /// <summary>From the response headers until the last byte is written to the client, less the ledger commit.</summary>
    public const string RelayPhase = "relay";

    /// <summary>The settled row's commit, awaited.</summary>
    public const string LedgerCommitPhase = "ledger_commit";

    /// <summary>From the exchange's creation until the handler is done with it.</summary>
    public const string TotalPhase = "total";

    private static readonly KeyValuePair<string, object?> BodyReadTag = new(PhaseTag, BodyReadPhase);
    private static readonly KeyValuePair<string, object?> ParseTag = new(PhaseTag, ParsePhase);
    private static readonly KeyValuePair<string, object?> PipelineTag = new(PhaseTag, PipelinePhase);
    private static readonly KeyValuePair<string, object?> UpstreamTag = new(PhaseTag, UpstreamPhase);
    private static readonly KeyValuePair<string, object?> RelayTag = new(PhaseTag, RelayPhase);
    private static readonly KeyValuePair<string, object?> LedgerCommitTag = new(PhaseTag, LedgerCommitPhase);
    private static readonly KeyValuePair<string, object?> TotalTag = new(PhaseTag, TotalPhase);

    private readonly Histogram<double> _phaseDuration;
    private readonly Counter<long> _refusedRequests;
    private readonly Counter<long> _cacheHits;
    private readonly Histogram<double> _retryWait;
    private readonly Counter<long> _fallbacks;

    public GatewayMeter(IMeterFactory meterFactory)
    {
        // One meter per factory (per host), so two gateways in one process are measured apart.
        var meter = meterFactory.Create(MeterName);
        _phaseDuration = meter.CreateHistogram<double>(PhaseDurationName, unit: "s", description: "Time a request spent in each phase of its way through the gateway.");
        _refusedRequests = meter.CreateCounter<long>(RefusedRequestsName, unit: "{request}", description: "Requests refused before their caller was identified; they have no ledger row.");
        _cacheHits = meter.CreateCounter<long>(CacheHitsName, unit: "{request}", description: "Requests answered by the response cache or a coalesced call instead of a call of their own, by lever.");
        _retryWait = meter.CreateHistogram<double>(RetryWaitName, unit: "s", description: "Waits before a provider call was retried, by where the wait came from: the provider's retry-after, or the backoff.");
        _fallbacks = meter.CreateCounter<long>(FallbacksName, unit: "{call}", description: "Calls moved to the next model of a fallback chain.");
    }

    /// <summary>The phases, in the order a request goes through them, then the whole.</summary>
    public static IReadOnlyList<string> Phases { get; } = [BodyReadPhase, ParsePhase, PipelinePhase, UpstreamPhase, RelayPhase, LedgerCommitPhase, TotalPhase];

    /// <summary>Timestamps for a new exchange while someone listens to the phase durations; null otherwise.</summary>
    public ExchangeTimestamps? TimestampsIfMeasured() => _phaseDuration.Enabled ? new ExchangeTimestamps() : null;

    /// <summary>Records the phases <paramref name="timestamps"/> saw from start to end; a phase not reached is left out.</summary>
    /// <param name="timestamps">The exchange's boundaries.</param>
    /// <param name="started">When the exchange was created.</param>
    /// <param name="finished">When the handler was done with it (the response written).</param>
    public void RecordPhases(ExchangeTimestamps timestamps, long started, long finished)
    {
        Record(BodyReadTag, timestamps.BodyReadStarted, timestamps.BodyRead);
        Record(ParseTag, timestamps.BodyRead, timestamps.Parsed);
        Record(PipelineTag, timestamps.Parsed != 0 ? timestamps.Parsed : started, timestamps.UpstreamSent);
        Record(UpstreamTag, timestamps.UpstreamSent, timestamps.UpstreamAnswered);
        if (timestamps.UpstreamAnswered != 0)
        {
            var relay = finished - timestamps.UpstreamAnswered;
            if (timestamps.CommitStarted >= timestamps.UpstreamAnswered && timestamps.Committed != 0)
            {
                // The commit happens inside the relay (before the last byte); it is a phase of its own.
                relay -= timestamps.Committed - timestamps.CommitStarted;
            }

            _phaseDuration.Record(Seconds(Math.Max(0, relay)), RelayTag);
        }

        Record(LedgerCommitTag, timestamps.CommitStarted, timestamps.Committed);
        Record(TotalTag, started, finished);
    }

    /// <summary>Counts one request refused before its caller was identified.</summary>
    /// <param name="reason">A short, fixed word (<c>missing_key</c>, <c>invalid_key</c> …), never anything the client sent.</param>
    public void CountRefused(string reason) => _refusedRequests.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <summary>Counts one request answered without a call of its own by <paramref name="lever"/> (<c>exact</c>, <c>semantic</c>, <c>coalesced</c>).</summary>
    public void CountCacheHit(string lever) => _cacheHits.Add(1, new KeyValuePair<string, object?>(LeverTag, lever));

    /// <summary>Records a wait before a retry; <paramref name="source"/> is <c>retry_after</c> or <c>backoff</c>.</summary>
    public void RecordRetryWait(TimeSpan wait, string source) => _retryWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(RetryWaitSourceTag, source));

    /// <summary>Counts one call moved to the next model of its fallback chain.</summary>
    public void CountFallback() => _fallbacks.Add(1);

    private void Record(KeyValuePair<string, object?> phase, long from, long to)
    {
        if (from != 0 && to >= from)
        {
            _phaseDuration.Record(Seconds(to - from), phase);
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
