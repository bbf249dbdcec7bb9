using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// <c>POST /v1/tollgate/feedback</c>: a key gives feedback on its own requests and its team's, the last word wins and
/// shows on the request's row; an unknown id, or another team's, is 404 in the OpenAI error shape; a malformed body is
/// 400; a caller without a key is 401.
/// </summary>
[Collection(UsableOutputCollection.Name)]
public sealed class FeedbackTests(UsableOutputGateway fixture)
{
    [Fact]
    public async Task Feedback_on_an_own_request_is_kept_and_the_last_word_wins()
    {
        var requestId = await AskAsync(fixture.Writer);

        var (first, _) = await fixture.FeedbackAsync(fixture.Writer, requestId, usable: false);
        var (second, body) = await fixture.FeedbackAsync(fixture.Writer, requestId, usable: true);

        Assert.Equal((200, 200), (first, second));
        Assert.Equal(requestId, body.GetProperty("request_id").GetString());
        Assert.True(body.GetProperty("usable").GetBoolean());
        Assert.True(body.GetProperty("given_at").GetDateTimeOffset() >= body.GetProperty("first_given_at").GetDateTimeOffset());
        Assert.True((await fixture.Gateway.GetLedgerEntryAsync(requestId))!.Usable);
    }

    [Fact]
    public async Task A_key_of_the_same_team_may_give_feedback()
    {
        var requestId = await AskAsync(fixture.Writer);

        var (status, _) = await fixture.FeedbackAsync(fixture.Reviewer, requestId, usable: false);

        Assert.Equal(200, status);
        Assert.False((await fixture.Gateway.GetLedgerEntryAsync(requestId))!.Usable);
    }

    [Fact]
    public async Task Another_teams_request_is_answered_as_unknown()
    {
        var requestId = await AskAsync(fixture.Writer);

        var (status, body) = await fixture.FeedbackAsync(fixture.Outsider, requestId, usable: false);

        Assert.Equal(404, status);
        Assert.Equal("request_id", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Null((await fixture.Gateway.GetLedgerEntryAsync(requestId))!.Usable);
    }

    [Fact]
    public async Task An_unknown_request_id_is_404_in_the_openai_error_shape()
    {
        var (status, body) = await fixture.FeedbackAsync(fixture.Writer, "req_0000000000000000000000000000dead", usable: true);

        Assert.Equal(404, status);
        var error = body.GetProperty("error");
        Assert.Contains("req_0000000000000000000000000000dead", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("[1, 2]", null)]
    [InlineData("""{"usable": true}""", "request_id")]
    [InlineData("""{"request_id": "req_1 or 1=1", "usable": true}""", "request_id")]
    [InlineData("""{"request_id": "req_1", "usable": "yes"}""", "usable")]
    [InlineData("""{"request_id": "req_1"}""", "usable")]
    public async Task A_malformed_body_is_400_naming_what_is_wrong(string json, string? param)
    {
        var (status, body) = await fixture.FeedbackAsync(fixture.Writer, json);

        Assert.Equal(400, status);
        var error = body.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_caller_without_a_key_is_refused()
    {
        var (status, body) = await fixture.FeedbackAsync(key: null, """{"request_id": "req_1", "usable": true}""");

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
    }

    private async Task<string> AskAsync(string key)
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, key);
        clients.Headers.Values["x-tollgate-feature"] = "feedback";
        await clients.Chat.CompleteChatAsync([new UserChatMessage("Summarise the meeting notes.")]);
        return clients.Headers.LastRequestId!;
    }
}
