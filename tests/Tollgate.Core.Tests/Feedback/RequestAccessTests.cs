using Tollgate.Core.Feedback;

namespace Tollgate.Core.Tests.Feedback;

/// <summary>
/// Who may name an earlier request (feedback on it, a re-ask of it): the key that made it, the keys of that key's own
/// team, and, for requests made without a key, callers without one.
/// </summary>
public sealed class RequestAccessTests
{
    [Theory]
    [InlineData("writer", "core", "writer", "core", true)]
    [InlineData("writer", null, "writer", null, true)]
    [InlineData("writer", "core", "reviewer", "core", true)]
    [InlineData("writer", "core", "outsider", "other", false)]
    [InlineData("writer", null, "reviewer", null, false)]
    [InlineData("writer", "core", "reviewer", null, false)]
    [InlineData("writer", "Core", "reviewer", "core", false)]
    [InlineData(null, null, null, null, true)]
    [InlineData(null, null, "writer", "core", false)]
    [InlineData("writer", "core", null, null, false)]
    public void A_caller_names_its_own_and_its_teams_requests_only(string? requestKey, string? requestTeam, string? callerKey, string? callerTeam, bool allowed)
    {
        Assert.Equal(allowed, RequestAccess.Allows(requestKey, requestTeam, callerKey, callerTeam));
    }
}
