using Tollgate.Core.Exchange;
using Tollgate.Core.Stages;

namespace Tollgate.Gateway.Feedback;

/// <summary>
/// The guard's check of <c>x-tollgate-attempt-of</c>: a request that says it re-asks an earlier one must name one of the
/// caller's own (<see cref="RequestOwnership"/>), or it is refused with 400, as a header that cannot be right; the
/// request then joins that one's task (<see cref="AttemptLink"/>: the task is named by the first request of the chain).
/// </summary>
internal sealed class AttemptOfCheck : IGuardCheck
{
    public const string Header = "x-tollgate-attempt-of";

    private readonly RequestOwnership _ownership;

    public AttemptOfCheck(RequestOwnership ownership) => _ownership = ownership;

    public async ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        if (exchange.Hints.AttemptOf is not { } id)
        {
            return null;
        }

        if (!RequestOwnership.IsWellFormed(id))
        {
            return new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"{Header} must be the x-tollgate-request-id of an earlier response, e.g. req_0192…; it is not one.")
            {
                Param = Header,
            };
        }

        if (await _ownership.FindAsync(id, exchange.Key, cancellationToken).ConfigureAwait(false) is not { } earlier)
        {
            return new ExchangeRejection(400, ErrorTypes.InvalidRequest, $"{Header} names request '{id}', which is not a request of this caller.")
            {
                Param = Header,
                Code = "unknown_request",
            };
        }

        exchange.AttemptOf = new AttemptLink(earlier.RequestId, earlier.TaskId ?? earlier.RequestId);
        return null;
    }
}
