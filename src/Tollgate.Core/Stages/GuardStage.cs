using Tollgate.Core.Exchange;
using Tollgate.Core.Pipeline;

namespace Tollgate.Core.Stages;

/// <summary>
/// Refuses what must not be forwarded, after <c>identify</c> (a refusal is the caller's, and a ledger row) and before
/// any lever spends anything on the request: each <see cref="IGuardCheck"/> in turn, the first refusal winning.
/// </summary>
public sealed class GuardStage : IExchangeStage
{
    private readonly IGuardCheck[] _checks;

    /// <summary>Creates the stage.</summary>
    public GuardStage(IEnumerable<IGuardCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _checks = [.. checks];
    }

    /// <inheritdoc />
    public string Name => "guard";

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ExchangeContext exchange, ExchangeHandler next)
    {
        foreach (var check in _checks)
        {
            if (await check.CheckAsync(exchange, exchange.Aborted).ConfigureAwait(false) is { } rejection)
            {
                exchange.Reject(rejection);
                return;
            }
        }

        await next(exchange).ConfigureAwait(false);
    }
}
