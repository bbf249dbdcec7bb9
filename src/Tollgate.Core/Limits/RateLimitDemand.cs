namespace Tollgate.Core.Limits;

/// <summary>An amount of a <see cref="RateLimitBucket"/>'s units: what a request needs, or a correction of what it took.</summary>
/// <param name="Bucket">The allowance.</param>
/// <param name="Amount">Units; at least 0 to acquire, either sign to correct (<see cref="IRateLimitStore.CorrectAsync"/>).</param>
public readonly record struct RateLimitDemand(RateLimitBucket Bucket, long Amount);
