namespace Tollgate.Core.Exchange;

public abstract partial class ExchangeContext
{
    /// <summary>
    /// Completes the record of the last attempt with what was learnt from an answer the client never got (one the call
    /// stage read, judged and asked again for): its usage, served model and error, so settlement bills it as the provider
    /// did. The answer the exchange finally carries completes the attempt made for it, as usual.
    /// </summary>
    /// <param name="completed">The last attempt's record as it now stands.</param>
    public void CompleteLastAttempt(UpstreamAttempt completed)
    {
        if (_upstreamAttempts is not { Count: > 0 } attempts)
        {
            throw new InvalidOperationException("No upstream attempt has been recorded yet.");
        }

        attempts[^1] = completed;
    }
}
