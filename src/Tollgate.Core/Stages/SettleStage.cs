using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Settlement;

namespace Tollgate.Core.Stages;

/// <summary>
/// The stage right after <c>identify</c>: from here on, whatever happens further in (a rejection, a provider error, a
/// client that disconnects, a bug), the exchange leaves exactly one settled ledger row. A request whose caller was
/// refused never gets here, so it is no row. Stages that answer the client settle earlier, before their last byte;
/// this stage then has nothing left to do. A request the edge already refused (a body too large or malformed) is
/// settled here once its caller is known, and goes no further.
/// </summary>
public sealed class SettleStage : IExchangeStage
{
    private readonly LedgerSettler _settler;

    /// <summary>Creates the stage.</summary>
    public SettleStage(LedgerSettler settler) => _settler = settler;

    /// <inheritdoc />
    public string Name => "settle";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        try
        {
            if (exchange.Rejection is null)
            {
                await next(exchange).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (exchange.Status == 0 || exchange.ErrorType is null)
            {
                exchange.Status = 499;
                exchange.ErrorType = ErrorTypes.ClientClosed;
            }

            throw;
        }
        catch
        {
            if (exchange.ErrorType is null)
            {
                exchange.Status = exchange.Status is 0 or (>= 200 and < 300) ? 500 : exchange.Status;
                exchange.ErrorType = ErrorTypes.Internal;
            }

            throw;
        }
        finally
        {
            // Settle even when the request was cancelled: the row must not be lost with the client.
            await _settler.SettleAsync(exchange, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
