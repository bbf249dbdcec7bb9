using System.ClientModel;
using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// <c>x-tollgate-attempt-of</c>: an application's re-ask names the request it re-asks; the rows keep the link and the
/// task (the first request's id, however long the chain), and only the caller's own requests (or its team's) can be named.
/// </summary>
[Collection(UsableOutputCollection.Name)]
public sealed class AttemptGroupingTests(UsableOutputGateway fixture)
{
    [Fact]
    public async Task A_chain_of_re_asks_is_one_task_named_by_its_first_request()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        var first = await AskAsync(clients, "Draft the release note.");
        var second = await AskAsync(clients, "Draft the release note, shorter.", attemptOf: first);

        // Re-asked by a teammate's key: the same team's request may be named.
        using var teammate = new CacheClients(fixture.Gateway.BaseAddress, fixture.Reviewer);
        var third = await AskAsync(teammate, "Draft the release note, in French.", attemptOf: second);

        var rows = new[]
        {
            await fixture.Gateway.WaitForSettledEntryAsync(first),
            await fixture.Gateway.WaitForSettledEntryAsync(second),
            await fixture.Gateway.WaitForSettledEntryAsync(third),
        };
        Assert.Equal(
            [(null, null), (first, first), (second, first)],
            rows.Select(row => (row.AttemptOf, row.TaskId)));
    }

    [Fact]
    public async Task Naming_an_unknown_request_is_refused_with_400()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-attempt-of"] = "req_00000000000000000000000000000000";

        var refusal = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync([new UserChatMessage("Again, please.")]));

        Assert.Equal(400, refusal.Status);
        Assert.Contains("x-tollgate-attempt-of", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_another_teams_request_is_refused_as_unknown()
    {
        using var writer = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        var theirs = await AskAsync(writer, "Plan the offsite.");
        using var outsider = new CacheClients(fixture.Gateway.BaseAddress, fixture.Outsider);
        outsider.Headers.Values["x-tollgate-attempt-of"] = theirs;

        var refusal = await Assert.ThrowsAsync<ClientResultException>(() => outsider.Chat.CompleteChatAsync([new UserChatMessage("Plan it again.")]));

        Assert.Equal(400, refusal.Status);
    }

    private static async Task<string> AskAsync(CacheClients clients, string prompt, string? attemptOf = null)
    {
        clients.Headers.Values.Remove("x-tollgate-attempt-of");
        if (attemptOf is not null)
        {
            clients.Headers.Values["x-tollgate-attempt-of"] = attemptOf;
        }

        await clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)]);
        return clients.Headers.LastRequestId!;
    }
}
