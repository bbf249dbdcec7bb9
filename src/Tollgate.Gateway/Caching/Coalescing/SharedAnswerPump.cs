using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// The leader's answer interceptor: pumps the provider's answer into the call's buffer, reading it to its end whoever
/// is still there to read it, and writes the leader from that buffer like any other participant. It returns only once
/// the pump has ended, so the call stage does not dispose the provider's response under the others.
/// </summary>
internal sealed class SharedAnswerPump : IAnswerInterceptor
{
    private readonly CoalescedCall _call;

    public SharedAnswerPump(CoalescedCall call) => _call = call;

    public async ValueTask RespondAsync(ExchangeContext exchange, ExchangeAnswer answer, AnswerWriter next, CancellationToken cancellationToken)
    {
        var head = AnswerHead.Of(answer);
        _call.AnswerStarted(head);

        // The call stage's token: the shared call's own cancellation with the provider's deadline, never the leader's client.
        var pump = PumpAsync(answer, cancellationToken);
        try
        {
            using var shared = new SharedAnswer(head, _call.Body);
            await next(shared, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (exchange.Settled && exchange.Aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The leader's client left after its row was written; the call goes on for the others.
        }
        finally
        {
            await pump.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(ExchangeAnswer answer, CancellationToken cancellationToken)
    {
        Exception? fault = null;
        try
        {
            var body = await answer.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                while (true)
                {
                    var read = await body.ReadAsync(_call.Body.GetMemory(), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    _call.Body.Advance(read);
                }
            }
        }
        catch (Exception exception)
        {
            // Every reader meets it where the body broke off, as it would have met the provider's own failure.
            fault = exception;
        }
        finally
        {
            _call.Body.End(fault);
            _call.AnswerEnded();
        }
    }
}
