namespace Tollgate.Core.Exchange;

/// <summary>The output limit of the exchange: the one it is sent with, and whether it cut the answer.</summary>
public abstract partial class ExchangeContext
{
    /// <summary>
    /// The output token limit this request is sent with: the one a lever set (<see cref="Requests.RequestEdits.MaxOutputTokens"/>,
    /// e.g. a feature's default or cap), else the client's own (<c>max_tokens</c>, <c>max_completion_tokens</c>,
    /// <c>max_output_tokens</c>); null when neither names one and the provider's default applies. The worst case a
    /// budget reserves is this many output tokens.
    /// </summary>
    public long? OutputLimit => EditsIfAny?.MaxOutputTokens ?? Request.MaxTokens;

    /// <summary>
    /// Whether the answer says it stopped at its output limit: <c>finish_reason: "length"</c> (Chat Completions),
    /// <c>stop_reason: "max_tokens"</c> (Messages), <c>status: "incomplete"</c> for <c>max_output_tokens</c> (Responses
    /// API), read by the relay from a whole answer or a stream's events.
    /// </summary>
    public bool StoppedAtOutputLimit { get; set; }

    /// <summary>
    /// Whether the answer stopped at an output limit the gateway set: it stopped at its limit
    /// (<see cref="StoppedAtOutputLimit"/>), and that limit was one a lever injected where the client named none or
    /// lowered the client's to. False when the client's own limit cut it (a lever that left it as it was, or raised it to
    /// what the provider accepts, set no cap), or the answer ended on its own.
    /// </summary>
    public bool OutputCapped =>
        StoppedAtOutputLimit && EditsIfAny?.MaxOutputTokens is { } limit && (Request.MaxTokens is not { } own || limit < own);
}
