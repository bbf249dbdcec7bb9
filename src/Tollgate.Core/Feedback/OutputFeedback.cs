namespace Tollgate.Core.Feedback;

/// <summary>
/// What an application said of one request's output (<c>POST /v1/tollgate/feedback</c>): the last word given, and when
/// the first and the last were given.
/// </summary>
/// <param name="RequestId">The request the feedback is about (its <c>x-tollgate-request-id</c>).</param>
/// <param name="Usable">Whether the output was usable, as last said.</param>
/// <param name="KeyName">The virtual key that gave the last word; null for a loopback caller served without a key.</param>
/// <param name="FirstGivenAt">When feedback on the request was first given.</param>
/// <param name="GivenAt">When the last word was given.</param>
public sealed record OutputFeedback(string RequestId, bool Usable, string? KeyName, DateTimeOffset FirstGivenAt, DateTimeOffset GivenAt);
