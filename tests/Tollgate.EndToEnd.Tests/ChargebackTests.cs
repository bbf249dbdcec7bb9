using System.ClientModel;
using System.Globalization;
using System.Net;
using OpenAI.Chat;
using Tollgate.Core.Ledger;
using Tollgate.EndToEnd.Tests.Caching;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Cache hits and budgets: with <c>Tollgate:Chargeback:CacheHits</c> on, each hit is charged against the budgets at its
/// baseline (its row still costs 0 and records <c>charged_usd</c>) and refused with 402 once that does not fit; a
/// restart counts those rows at their charge whatever the setting says by then; with it off (the default), a hit is
/// served even when the budget is spent.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ChargebackTests(GatewayFixture fixture)
{
    private static readonly ChatCompletionOptions Deterministic = new() { Temperature = 0, MaxOutputTokenCount = 400 };

    [Fact]
    public async Task Charged_back_hits_spend_the_budget_until_refused_and_without_chargeback_a_spent_budget_still_serves_hits()
    {
        using var data = new TemporaryDirectory();
        var prompt = "Chargeback: describe a lighthouse in two sentences. " + Guid.NewGuid().ToString("N");
        LedgerEntry miss;
        await using (var gateway = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions
        {
            DataDirectory = data.Path,
            Environment = new() { ["Tollgate__Chargeback__CacheHits"] = "true" },
        }))
        {
            using var clients = new CacheClients(gateway.BaseAddress);
            await clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic);
            miss = await gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
            var cost = miss.CostUsd!.Value;
            var baseline = miss.BaselineCostUsd!.Value;
            Assert.True(baseline > 0m);

            // Room for the call made and two hits at their baseline, not three.
            await PutBudgetAsync(gateway, cost + 2.5m * baseline);
            for (var hit = 0; hit < 2; hit++)
            {
                await clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic);
                Assert.Equal("hit", clients.Headers.LastCache);
                var row = await gateway.WaitForSettledEntryAsync(clients.Headers.LastRequestId!);
                Assert.Equal(((decimal?)0m, (decimal?)baseline, (string?)Levers.Exact), (row.CostUsd, row.ChargedUsd, row.Lever));
            }

            var refused = await Assert.ThrowsAsync<ClientResultException>(() => clients.Chat.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic));
            Assert.Equal(402, refused.Status);
            Assert.Contains("Budget 'chargeback-day'", refused.Message, StringComparison.Ordinal);
            Assert.Equal(cost + 2m * baseline, await SpentAsync(gateway));
        }

        // Chargeback is off now (the default): the rows charged back still count, at their charge.
        await using var restarted = await GatewayServer.StartAsync(fixture.Simulator, new GatewayServerOptions { DataDirectory = data.Path });
        using var plain = new CacheClients(restarted.BaseAddress);
        Assert.Equal(miss.CostUsd!.Value + 2m * miss.BaselineCostUsd!.Value, await SpentAsync(restarted));

        var call = await Assert.ThrowsAsync<ClientResultException>(() => plain.Chat.CompleteChatAsync([new UserChatMessage("Chargeback: a new question. " + Guid.NewGuid().ToString("N"))], Deterministic));
        Assert.Equal(402, call.Status);

        var served = await plain.Chat.CompleteChatAsync([new UserChatMessage(prompt)], Deterministic);
        Assert.Equal("hit", plain.Headers.LastCache);
        Assert.False(string.IsNullOrEmpty(served.Value.Content[0].Text));
        var free = await restarted.WaitForSettledEntryAsync(plain.Headers.LastRequestId!);
        Assert.Equal(((decimal?)0m, (decimal?)null), (free.CostUsd, free.ChargedUsd));
        Assert.Equal(miss.CostUsd!.Value + 2m * miss.BaselineCostUsd!.Value, await SpentAsync(restarted));
    }

    private static async Task PutBudgetAsync(GatewayServer gateway, decimal limitUsd)
    {
        using var request = gateway.AdminRequest(HttpMethod.Post, "admin/budgets");
        request.Content = Wire.Json(string.Create(CultureInfo.InvariantCulture, $$"""{"id":"chargeback-day","scope":"global","limit_usd":{{limitUsd}},"period":"day"}"""));
        using var response = await gateway.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<decimal> SpentAsync(GatewayServer gateway)
    {
        using var request = gateway.AdminRequest(HttpMethod.Get, "admin/budgets/chargeback-day");
        using var response = await gateway.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Wire.Parse(await response.Content.ReadAsStringAsync()).GetProperty("spent_usd").GetDecimal();
    }
}
