using OpenAI.Chat;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Usable;

/// <summary>
/// <c>/admin/spend</c>'s usable outputs, cost per usable output and waste rate, against values worked out by hand from
/// the rows' own costs: a valid answer, an invalid one, one re-asked and its re-ask, one the application disliked.
/// </summary>
[Collection(UsableOutputCollection.Name)]
public sealed class UsableSpendTests(UsableOutputGateway fixture)
{
    private static readonly ChatCompletionOptions Typed = new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("verdict", BinaryData.FromString(
            """{"type": "object", "properties": {"verdict": {"type": "string", "enum": ["ship", "hold"]}}, "required": ["verdict"]}""")),
    };

    [Fact]
    public async Task Spend_shows_usable_outputs_their_cost_and_the_share_wasted()
    {
        using var clients = new CacheClients(fixture.Gateway.BaseAddress, fixture.Writer);
        clients.Headers.Values["x-tollgate-feature"] = "release-review";
        var valid = await AskAsync(clients, "Ship or hold release 4.2?");
        var invalid = await AskAsync(clients, "Ship or hold release 4.3? [[invalid-json]]");
        var reAsked = await AskAsync(clients, "Ship or hold release 4.4?");
        clients.Headers.Values["x-tollgate-attempt-of"] = reAsked;
        var reAsk = await AskAsync(clients, "Ship or hold release 4.4? Think again.");
        clients.Headers.Values.Remove("x-tollgate-attempt-of");
        var disliked = await AskAsync(clients, "Ship or hold release 4.5?");
        Assert.Equal(200, (await fixture.FeedbackAsync(fixture.Writer, disliked, usable: false)).Status);

        var cost = new Dictionary<string, decimal>();
        foreach (var id in new[] { valid, invalid, reAsked, reAsk, disliked })
        {
            cost[id] = (await fixture.Gateway.WaitForSettledEntryAsync(id)).CostUsd!.Value;
        }

        var spend = await fixture.SpendOfFeatureAsync("release-review");

        // Usable: the valid answer and the re-ask. Wasted: the invalid answer, the answer re-asked, the disliked one.
        var total = cost.Values.Sum();
        var wasted = cost[invalid] + cost[reAsked] + cost[disliked];
        Assert.Equal(total, spend.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(2, spend.GetProperty("usable_outputs").GetInt64());
        Assert.Equal(Math.Round(total / 2, 10), spend.GetProperty("cost_per_usable_output_usd").GetDecimal());
        Assert.Equal(wasted, spend.GetProperty("wasted_usd").GetDecimal());
        Assert.Equal(Math.Round(wasted / total, 6), spend.GetProperty("waste_rate").GetDecimal());
    }

    private static async Task<string> AskAsync(CacheClients clients, string prompt)
    {
        await clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], Typed);
        return clients.Headers.LastRequestId!;
    }
}
