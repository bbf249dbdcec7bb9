using Tollgate.Core.Responses;

namespace Tollgate.Core.Tests.Responses;

public sealed class ResponseAccessTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static ResponseOwner Owner(string? keyName, string? team) => new("resp_1", keyName, team, "openai", Created);

    [Fact]
    public void Team_mode_is_the_default()
    {
        Assert.Equal(ResponseIsolation.Team, default(ResponseIsolation));
    }

    [Fact]
    public void In_team_mode_another_key_of_the_same_team_reaches_a_teams_response()
    {
        Assert.True(ResponseAccess.Allows(Owner("backend", "core"), "worker", "core", ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_key_of_another_team_is_refused()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), "billing-app", "billing", ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_teams_differing_only_in_case_are_different_teams()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), "intruder", "Core", ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_key_without_a_team_cannot_reach_a_teams_response()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), "loner", null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_caller_without_a_key_cannot_reach_a_teams_response()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), null, null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_response_created_without_a_team_is_reached_by_its_own_key()
    {
        Assert.True(ResponseAccess.Allows(Owner("backend", null), "backend", null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_response_created_without_a_team_is_refused_to_another_key_without_a_team()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", null), "worker", null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_response_created_without_a_team_is_refused_to_a_key_with_a_team()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", null), "worker", "core", ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_key_names_differing_only_in_case_are_different_keys()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", null), "Backend", null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_team_mode_a_response_created_without_a_key_is_reached_by_anyone()
    {
        Assert.True(ResponseAccess.Allows(Owner(null, null), "backend", "core", ResponseIsolation.Team));
        Assert.True(ResponseAccess.Allows(Owner(null, null), null, null, ResponseIsolation.Team));
    }

    [Fact]
    public void In_key_mode_the_creating_key_reaches_its_response()
    {
        Assert.True(ResponseAccess.Allows(Owner("backend", "core"), "backend", "core", ResponseIsolation.Key));
    }

    [Fact]
    public void In_key_mode_another_key_of_the_same_team_is_refused()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), "worker", "core", ResponseIsolation.Key));
    }

    [Fact]
    public void In_key_mode_a_response_created_without_a_key_is_refused_to_a_key()
    {
        Assert.False(ResponseAccess.Allows(Owner(null, null), "backend", null, ResponseIsolation.Key));
    }

    [Fact]
    public void In_key_mode_a_response_created_without_a_key_is_reached_by_a_caller_without_one()
    {
        Assert.True(ResponseAccess.Allows(Owner(null, null), null, null, ResponseIsolation.Key));
    }

    [Fact]
    public void In_no_isolation_another_teams_response_is_reached()
    {
        Assert.True(ResponseAccess.Allows(Owner("backend", "core"), "billing-app", "billing", ResponseIsolation.None));
    }

    [Theory]
    [InlineData(ResponseIsolation.Team)]
    [InlineData(ResponseIsolation.Key)]
    public void An_id_the_gateway_never_saw_is_refused_while_isolating(ResponseIsolation isolation)
    {
        Assert.False(ResponseAccess.Allows(null, "backend", "core", isolation));
        Assert.False(ResponseAccess.Allows(null, null, null, isolation));
    }

    [Fact]
    public void An_id_the_gateway_never_saw_is_reached_without_isolation()
    {
        Assert.True(ResponseAccess.Allows(null, "backend", "core", ResponseIsolation.None));
    }

    [Fact]
    public void An_isolation_value_out_of_range_isolates_by_team()
    {
        Assert.False(ResponseAccess.Allows(Owner("backend", "core"), "worker", "billing", (ResponseIsolation)42));
        Assert.True(ResponseAccess.Allows(Owner("backend", "core"), "worker", "core", (ResponseIsolation)42));
    }
}
