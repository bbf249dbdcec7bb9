using Tollgate.Core.Exchange;

namespace Tollgate.Core.Stages;

/// <summary>
/// One check of the <c>guard</c> stage (<see cref="GuardStage"/>): access to stored responses today, rate limits and
/// input caps as they come. Register implementations in DI; they run in registration order, and the first refusal ends
/// the exchange before anything is forwarded.
/// </summary>
public interface IGuardCheck
{
    /// <summary>Returns the refusal of <paramref name="exchange"/>, or null to let it through.</summary>
    /// <param name="exchange">The identified, classified exchange.</param>
    /// <param name="cancellationToken">The exchange's <see cref="ExchangeContext.Aborted"/>.</param>
    ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken);
}
