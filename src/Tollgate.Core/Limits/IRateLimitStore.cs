namespace Tollgate.Core.Limits;

/// <summary>
/// The state of the rate limits: for each <see cref="RateLimitBucket"/>, how much of its allowance is in use, under the
/// generic cell rate algorithm (<see cref="Gcra"/>). Several gateways may share one store; each call is atomic.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Takes every demand at <paramref name="now"/>, or none: when one bucket cannot give its amount, nothing is taken
    /// from any, and the decision names the demand that waits longest and how long. Demands name distinct buckets.
    /// </summary>
    /// <param name="demands">What one request needs of each bucket that applies to it; amounts at least 0.</param>
    /// <param name="now">The time of the request.</param>
    /// <param name="cancellationToken">Stops waiting for a remote store.</param>
    ValueTask<RateLimitDecision> AcquireAsync(IReadOnlyList<RateLimitDemand> demands, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Corrects what was taken, never refusing: a positive amount takes more (a request that used more than it was
    /// charged, which later requests then wait for), a negative one gives back (it used less). Giving back never makes
    /// an allowance fuller than full.
    /// </summary>
    /// <param name="correction">The bucket and the signed amount.</param>
    /// <param name="now">The time of the correction.</param>
    /// <param name="cancellationToken">Stops waiting for a remote store.</param>
    ValueTask CorrectAsync(RateLimitDemand correction, DateTimeOffset now, CancellationToken cancellationToken = default);
}
