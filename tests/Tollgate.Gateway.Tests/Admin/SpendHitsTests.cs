using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Tests.Relay;

namespace Tollgate.Gateway.Tests.Admin;

/// <summary>
/// <c>GET /admin/spend</c> counts the requests answered without an upstream call, and with <c>group_by=lever</c> shows
/// each cache lever's hits beside what it saved. The rows are written as settlement writes a hit's: no cost, the
/// baseline it would have cost, all of it saved by its lever.
/// </summary>
public sealed class SpendHitsTests : IAsyncLifetime
{
    private InProcessGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await InProcessGateway.StartAsync(_ => { });
        var ledger = _gateway.Services.GetRequiredService<ILedgerStore>();
        await ledger.WriteAsync(Row("req_exact_1", CacheStatuses.Hit, Levers.Exact, 0.0045m));
        await ledger.WriteAsync(Row("req_exact_2", CacheStatuses.Hit, Levers.Exact, 0.0005m));
        await ledger.WriteAsync(Row("req_semantic", CacheStatuses.SemanticHit, Levers.Semantic, 0.002m));
        await ledger.WriteAsync(Row("req_coalesced", CacheStatuses.Coalesced, Levers.Coalesced, 0.001m));
        await ledger.WriteAsync(Row("req_miss", CacheStatuses.Miss, lever: null, baseline: 0.003m) with { CostUsd = 0.003m, Provider = "simulated", Attempts = 1 });
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Lever_spend_shows_each_cache_levers_hits_and_the_baseline_it_saved()
    {
        var report = await SpendAsync("lever");

        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(row => row.GetProperty("group").GetString() ?? "-");
        Assert.Equal(["exact", "semantic", "coalesced", "-"], rows.Keys);
        Assert.Equal((2, 2, 0m, 0.005m, 0.005m), Figures(rows["exact"]));
        Assert.Equal((1, 1, 0m, 0.002m, 0.002m), Figures(rows["semantic"]));
        Assert.Equal((1, 1, 0m, 0.001m, 0.001m), Figures(rows["coalesced"]));
        Assert.Equal((1, 0, 0.003m, 0.003m, 0m), Figures(rows["-"]));
    }

    [Fact]
    public async Task Spend_totals_count_every_hit_once_beside_what_was_saved()
    {
        var totals = (await SpendAsync("feature")).GetProperty("totals");

        Assert.Equal((5, 4, 0.003m, 0.011m, 0.008m), Figures(totals));
    }

    private static (long Requests, long Hits, decimal Cost, decimal Baseline, decimal Saved) Figures(JsonElement figures) => (
        figures.GetProperty("requests").GetInt64(),
        figures.GetProperty("hits").GetInt64(),
        figures.GetProperty("cost_usd").GetDecimal(),
        figures.GetProperty("baseline_cost_usd").GetDecimal(),
        figures.GetProperty("saved_usd").GetDecimal());

    private static LedgerEntry Row(string requestId, string cacheStatus, string? lever, decimal baseline) => new()
    {
        RequestId = requestId,
        Timestamp = DateTimeOffset.UtcNow.AddMinutes(-1),
        Feature = "support",
        Endpoint = "/v1/chat/completions",
        RequestedModel = "gpt-4o-mini",
        ServedModel = "gpt-4o-mini-2024-07-18",
        InputTokens = 1_000,
        OutputTokens = 200,
        CostUsd = 0m,
        BaselineCostUsd = baseline,
        CacheStatus = cacheStatus,
        Lever = lever,
        Savings = lever is null ? [] : [new LeverSaving(lever, baseline)],
        Status = 200,
        Attempts = 0,
    };

    private async Task<JsonElement> SpendAsync(string groupBy)
    {
        using var response = await _gateway.Http.GetAsync("admin/spend?group_by=" + groupBy);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
