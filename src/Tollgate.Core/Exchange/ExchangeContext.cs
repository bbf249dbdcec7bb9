using System.Diagnostics;
using Tollgate.Core.Identity;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Exchange;

/// <summary>
/// One request as it flows through the pipeline: what the client asked (parsed only as far as the levers
/// need, the raw body kept for pass-through), who asked, and what happened. Stages read and fill it in order.
/// Hosts derive from it to carry their transport and say how an answer reaches the caller
/// (<see cref="RespondAsync"/>): the HTTP gateway writes it to the client, a job keeps it.
/// </summary>
public abstract partial class ExchangeContext
{
    private long _firstByteTimestamp;
    private RequestEdits? _edits;
    private List<UpstreamAttempt>? _upstreamAttempts;
    private List<IAnswerInterceptor>? _answerInterceptors;
    private CancellationToken? _upstreamAborted;

    /// <summary>Creates an exchange for a request that has just arrived.</summary>
    protected ExchangeContext(string requestId, WireProtocol protocol, ExchangeOperation operation, string endpoint, DateTimeOffset receivedAt)
    {
        RequestId = requestId;
        Protocol = protocol;
        Operation = operation;
        Endpoint = endpoint;
        ReceivedAt = receivedAt;
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The id returned as <c>x-tollgate-request-id</c> and used as the ledger key.</summary>
    public string RequestId { get; }

    /// <summary>Protocol of the route the request arrived on.</summary>
    public WireProtocol Protocol { get; }

    /// <summary>Operation requested.</summary>
    public ExchangeOperation Operation { get; }

    /// <summary>
    /// The route's template, e.g. <c>/v1/messages</c> or <c>/v1/responses/{id}</c> (the id itself is
    /// <see cref="ResourceId"/>), so the spend report groups calls by route.
    /// </summary>
    public string Endpoint { get; }

    /// <summary>Wall-clock arrival time.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary><see cref="Stopwatch"/> timestamp of arrival, for latencies.</summary>
    public long StartTimestamp { get; }

    /// <summary>
    /// The <c>{id}</c> of a sub-route (<c>GET /v1/responses/{id}</c> …), checked at the edge to be a plain provider id
    /// (letters, digits, <c>_</c> and <c>-</c>); null on routes without one.
    /// </summary>
    public string? ResourceId { get; init; }

    /// <summary>
    /// The query string a GET sub-route passes on to the provider (<c>?include[]=…&amp;limit=20</c>), as the client sent
    /// it, or empty.
    /// </summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The request body exactly as received (empty for GET routes).</summary>
    public ReadOnlyMemory<byte> RequestBody { get; set; }

    /// <summary>
    /// Changes the levers make to the request (model, <c>max_tokens</c>, <c>stream_options</c>, stop sequences,
    /// system-prompt additions, prompt-cache hints), applied once, at call time, to <see cref="RequestBody"/> as
    /// received. Created on first use, so an exchange that edits nothing allocates nothing for it.
    /// </summary>
    public RequestEdits Edits => _edits ??= new RequestEdits();

    /// <summary>The edits recorded so far, or null when no stage has asked for one.</summary>
    public RequestEdits? EditsIfAny => _edits;

    /// <summary>Facts read from the body.</summary>
    public RequestFacts Request { get; set; }

    /// <summary>
    /// Cancelled when the exchange is abandoned: the client left, or the host is stopping. Anything kept beyond the
    /// exchange (a cache entry, a coalescing group, a job) must not depend on it.
    /// </summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>
    /// Cancels the provider call made for this exchange: <see cref="Aborted"/>, unless a stage shares the call with
    /// other exchanges (coalescing), which sets a token cancelled only when the last of them has left.
    /// </summary>
    public CancellationToken UpstreamAborted
    {
        get => _upstreamAborted ?? Aborted;
        set => _upstreamAborted = value;
    }

    /// <summary>
    /// What the response cache decided for this request (its key, whether it may be looked up and stored); null when
    /// the cache stage did not find it cacheable, or did not run. Coalescing joins identical calls by its key.
    /// </summary>
    public Caching.CacheDecision? Cache { get; set; }

    /// <summary>
    /// The protocol headers the client sent that the provider should see (API version, betas, idempotency key,
    /// <c>Accept</c>), captured at the edge by the host, by name as sent.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ForwardedHeaders { get; init; } = [];

    /// <summary>Credential presented (bearer token or <c>x-api-key</c>), if any. Never logged or stored.</summary>
    public string? Credential { get; init; }

    /// <summary>Whether the caller connected from a loopback address.</summary>
    public bool FromLoopback { get; init; }

    /// <summary>Attribution and classification hints sent as <c>x-tollgate-*</c> headers.</summary>
    public RequestHints Hints { get; init; }

    /// <summary>Where the exchange's time goes, phase by phase; null (and nothing timed) unless the host measures it.</summary>
    public ExchangeTimestamps? Timestamps { get; init; }

    /// <summary>The virtual key that authenticated the call, if any.</summary>
    public VirtualKey? Key { get; set; }

    /// <summary>End user the call is attributed to.</summary>
    public string? User { get; set; }

    /// <summary>Feature the call is attributed to.</summary>
    public string? Feature { get; set; }

    /// <summary>Team the call is attributed to.</summary>
    public string? Team { get; set; }

    /// <summary>
    /// The similarity of the request's last user message to the stored one whose answer it got from the semantic cache
    /// (reported in <c>x-tollgate-similarity</c>); null for any other answer.
    /// </summary>
    public double? Similarity { get; set; }

    /// <summary>Task type, from <c>x-tollgate-task</c>.</summary>
    public string? TaskType { get; set; }

    /// <summary>Workload class: <c>interactive</c>, <c>deferred</c> or <c>batch</c>.</summary>
    public string WorkloadClass { get; set; } = "interactive";

    /// <summary>
    /// Whether the provider bills this call at its Batch API rates: true only for calls that actually went through
    /// a Batch API, never merely because the client asked for the batch workload class.
    /// </summary>
    public bool BilledAsBatch { get; set; }

    /// <summary>Cache status reported as <c>x-tollgate-cache</c>: bypass until a stage finds the request eligible.</summary>
    public string CacheStatus { get; set; } = CacheStatuses.Bypass;

    /// <summary>Name of the provider that served (or was to serve) the call.</summary>
    public string? Provider { get; set; }

    /// <summary>Model the provider reported serving.</summary>
    public string? ServedModel { get; set; }

    /// <summary>Usage reported by the provider; null until known.</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>
    /// Built-in tool calls the answer reports (Responses API output items such as <c>web_search_call</c>), which the
    /// provider bills per call on top of the tokens; none unless the relay read some.
    /// </summary>
    public BuiltInToolCalls BuiltInToolCalls { get; set; }

    /// <summary>
    /// Responses API: the id of the response the answer describes (a whole answer's <c>id</c>, or <c>response.id</c> in a
    /// stream's events); null until the relay reads one.
    /// </summary>
    public string? ResponseId { get; set; }

    /// <summary>
    /// Responses API: the <c>status</c> of the response the answer describes (<c>queued</c>, <c>in_progress</c>,
    /// <c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>cancelled</c>); null until the relay reads one.
    /// </summary>
    public string? ResponseStatus { get; set; }

    /// <summary>
    /// Whether the row is written before the provider has reported what the call used: a background response answered
    /// <c>queued</c>. Its settlement observers are told when the final row is written, once the usage is known.
    /// </summary>
    public bool UsagePending { get; set; }

    /// <summary>Whether <see cref="Usage"/> is a Tollgate estimate rather than the provider's report.</summary>
    public bool UsageEstimated { get; set; }

    /// <summary>
    /// Output tokens Tollgate counted in the text a stream generated, set when the provider's final usage never came
    /// (the stream was cut, timed out or left by its client); null otherwise. Providers bill the output they
    /// generated, so settlement bills these (as an estimate) where the provider reported fewer or none.
    /// </summary>
    public long? CountedOutputTokens { get; set; }

    /// <summary>
    /// Whether the provider may have billed the call: it was sent and not answered with an error status.
    /// A call refused before or by the provider costs nothing; one interrupted mid-answer is estimated.
    /// </summary>
    public bool ProviderMayHaveBilled { get; set; }

    /// <summary>Upstream attempts made (kept equal to the count of <see cref="UpstreamAttempts"/> once any is recorded).</summary>
    public int Attempts { get; set; }

    /// <summary>HTTP status sent (or to be sent) to the client; 0 until decided.</summary>
    public int Status { get; set; }

    /// <summary>Error type of a failed call.</summary>
    public string? ErrorType { get; set; }

    /// <summary>A rejection decided by a stage, to be written in the protocol's error format.</summary>
    public ExchangeRejection? Rejection { get; private set; }

    /// <summary>Cost once settled (null when unknown).</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Baseline cost once settled (null when unknown).</summary>
    public decimal? BaselineCostUsd { get; set; }

    /// <summary>Remarks collected along the way (unknown price, estimated usage …).</summary>
    public string? Warning { get; set; }

    /// <summary>Whether the ledger row for this exchange has been written in its final form.</summary>
    public bool Settled { get; set; }

    /// <summary>Whether a pending ledger row was written before the upstream call.</summary>
    public bool PendingRecorded { get; set; }

    /// <summary>
    /// The lever that answered without an upstream call (<c>exact</c>, <c>semantic</c>, <c>coalesced</c>; see
    /// <see cref="Ledger.Levers"/>), or null when a provider answered. Settlement then costs the exchange nothing and
    /// credits its whole baseline (the requested model on the answer's <see cref="Usage"/>) to that lever.
    /// </summary>
    public string? AnsweredBy { get; set; }

    /// <summary>
    /// Whether a Tollgate stage added prompt-cache hints to the request. Savings on cached prompt tokens are then
    /// the <c>prompt-cache</c> lever's; otherwise the provider cached on its own (or at the client's own hints)
    /// and they are reported as <c>provider-cache</c>.
    /// </summary>
    public bool PromptCacheHintsAdded { get; set; }

    /// <summary>
    /// Upstream attempts the call stage recorded, in the order made. The last one's answer is the one the exchange
    /// carries: settlement completes its record with <see cref="ServedModel"/>, <see cref="Usage"/> and
    /// <see cref="ErrorType"/>. Empty when none was recorded: the exchange itself is then the one attempt.
    /// </summary>
    public IReadOnlyList<UpstreamAttempt> UpstreamAttempts => _upstreamAttempts is null ? [] : _upstreamAttempts;

    /// <summary><see cref="Stopwatch"/> timestamp of the first response body byte sent to a streaming client, or 0.</summary>
    public long FirstByteTimestamp => _firstByteTimestamp;

    /// <summary>Records the time the first body byte went to the client (only the first call counts).</summary>
    public void MarkFirstByte()
    {
        if (_firstByteTimestamp == 0)
        {
            _firstByteTimestamp = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// Records one upstream attempt (every provider call: a retry, a fallback or a re-ask each add one) and returns
    /// its number, 1 for the first. Settlement prices each at its own model and bills the row their sum; the answer's
    /// own tokens and model stay on the exchange (<see cref="Usage"/>, <see cref="ServedModel"/>) and complete the
    /// last attempt's record.
    /// </summary>
    public int AddAttempt(UpstreamAttempt attempt)
    {
        // Sized for the common single call; a retry or a fallback grows it.
        (_upstreamAttempts ??= new List<UpstreamAttempt>(capacity: 1)).Add(attempt);
        Attempts = _upstreamAttempts.Count;
        return Attempts;
    }

    /// <summary>Stops the exchange with an error the host writes in the protocol's own error format.</summary>
    public void Reject(int status, string errorType, string message) => Reject(new ExchangeRejection(status, errorType, message));

    /// <summary>Stops the exchange with a rejection that may carry headers of its own (<c>retry-after</c> for a 429).</summary>
    public void Reject(ExchangeRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        Rejection = rejection;
        Status = rejection.Status;
        ErrorType = rejection.ErrorType;
    }

    /// <summary>
    /// Ends the exchange with <paramref name="answer"/>: the host writes it to the caller (with Tollgate's own headers),
    /// reading usage on the way, and settles the exchange before the answer's last byte. Any stage may answer; the
    /// stages after it do not run. The answer passes through the registered <see cref="IAnswerInterceptor"/>s first.
    /// </summary>
    /// <param name="answer">The answer; its producer disposes it once this returns.</param>
    /// <param name="cancellationToken">
    /// Stops reading the answer: a token derived from <see cref="Aborted"/> (with the producer's deadline, say), or none,
    /// and then <see cref="Aborted"/> is used.
    /// </param>
    public ValueTask RespondAsync(ExchangeAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : Aborted;
        return _answerInterceptors is null ? WriteAnswerAsync(answer, token) : Intercept(0, answer, token);
    }

    /// <summary>
    /// Registers an interceptor that sees the answer, whoever produces it, before it is written (the outermost first:
    /// the first registered sees the answer first).
    /// </summary>
    public void AddAnswerInterceptor(IAnswerInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        (_answerInterceptors ??= new List<IAnswerInterceptor>(capacity: 2)).Add(interceptor);
    }

    /// <summary>Writes <paramref name="answer"/> to the caller: the host's own writer, at the end of the interceptor chain.</summary>
    /// <param name="answer">The answer; its producer disposes it.</param>
    /// <param name="cancellationToken">Stops reading the answer.</param>
    protected abstract ValueTask WriteAnswerAsync(ExchangeAnswer answer, CancellationToken cancellationToken);

    private ValueTask Intercept(int index, ExchangeAnswer answer, CancellationToken cancellationToken) =>
        index == _answerInterceptors!.Count
            ? WriteAnswerAsync(answer, cancellationToken)
            : _answerInterceptors[index].RespondAsync(this, answer, (next, token) => Intercept(index + 1, next, token), cancellationToken);

    /// <summary>Whether the first byte of the response has gone to the caller (after which no error can replace it).</summary>
    public abstract bool ResponseStarted { get; }

    /// <summary>
    /// Whether the gateway asked an OpenAI stream for usage the client did not ask for; the relay then removes what
    /// that added, so the client receives the stream it asked for.
    /// </summary>
    public bool StreamUsageAddedByGateway { get; set; }

    /// <summary>Appends a remark to <see cref="Warning"/>.</summary>
    public void AddWarning(string warning) => Warning = Warning is null ? warning : Warning + "; " + warning;
}
