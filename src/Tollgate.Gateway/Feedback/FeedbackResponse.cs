using Tollgate.Core.Feedback;

namespace Tollgate.Gateway.Feedback;

/// <summary>The answer to <c>POST /v1/tollgate/feedback</c>: the feedback now kept for the request.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="Usable">Whether its output was usable, as last said.</param>
/// <param name="FirstGivenAt">When feedback on it was first given.</param>
/// <param name="GivenAt">When this word was given.</param>
internal sealed record FeedbackResponse(string RequestId, bool Usable, DateTimeOffset FirstGivenAt, DateTimeOffset GivenAt)
{
    public static FeedbackResponse From(OutputFeedback feedback) => new(feedback.RequestId, feedback.Usable, feedback.FirstGivenAt, feedback.GivenAt);
}
