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
    /// Whether the answer stopped at an output limit the gateway set (a default it injected or a cap it lowered the
    /// client's to): the provider reported as many output tokens as the limit allows, which is what it reports when it
    /// stopped for length (<c>finish_reason: length</c>, <c>stop_reason: max_tokens</c>, a Responses API answer
    /// <c>incomplete</c> for <c>max_output_tokens</c>), in a whole answer and a stream alike. False when the client's own
    /// limit cut it, or no usage is known.
    /// </summary>
    public bool OutputCapped => EditsIfAny?.MaxOutputTokens is { } limit && Usage is { } usage && usage.OutputTokens >= limit;
}
