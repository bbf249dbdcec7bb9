namespace Tollgate.Core.Exchange;

/// <summary>A request's place in its task: the request it re-asks, and the task's id (the id of the task's first request).</summary>
/// <param name="RequestId">The request named in <c>x-tollgate-attempt-of</c>.</param>
/// <param name="TaskId">The first request of the chain of re-asks: <paramref name="RequestId"/>'s own task id, or <paramref name="RequestId"/> when it was a first ask.</param>
public sealed record AttemptLink(string RequestId, string TaskId);
