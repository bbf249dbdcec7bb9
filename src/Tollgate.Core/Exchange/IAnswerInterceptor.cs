namespace Tollgate.Core.Exchange;

/// <summary>
/// Writes an answer on to the caller: the next interceptor, or the host's own writer at the end of the chain.
/// </summary>
/// <param name="answer">The answer to write.</param>
/// <param name="cancellationToken">Stops reading the answer.</param>
public delegate ValueTask AnswerWriter(ExchangeAnswer answer, CancellationToken cancellationToken);

/// <summary>
/// Sees an exchange's answer on its way to the caller, whoever produced it: a stage that must keep or share the answer a
/// later stage produces (the response cache stores a provider's answer; coalescing hands it to the waiters of the same
/// call) registers one with <see cref="ExchangeContext.AddAnswerInterceptor"/> before calling the next stage.
/// Interceptors run in the order registered, the first outermost, each passing the answer (or one wrapping it) on to
/// <c>next</c>.
/// </summary>
public interface IAnswerInterceptor
{
    /// <summary>Passes <paramref name="answer"/> on to <paramref name="next"/>, observing or wrapping it.</summary>
    /// <param name="exchange">The exchange answered.</param>
    /// <param name="answer">The answer; its producer disposes it once the whole chain returns.</param>
    /// <param name="next">Writes the answer on.</param>
    /// <param name="cancellationToken">Stops reading the answer.</param>
    ValueTask RespondAsync(ExchangeContext exchange, ExchangeAnswer answer, AnswerWriter next, CancellationToken cancellationToken);
}
