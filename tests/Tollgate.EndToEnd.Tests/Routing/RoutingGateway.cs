using System.Net.Http.Json;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// A gateway in front of a recording simulator with routing rules: <c>support</c> declares its task type
/// (classification) and honours named models; <c>assistant</c> leaves the tier to the classifier and rewrites named
/// models; <c>tiered</c> sends chat to the small tier and names its small model (one without image input, so an image
/// moves the request up a tier).
/// </summary>
public sealed class RoutingGateway : CachingGateway
{
    public const string Settings = """
        "Features": {
          "support": { "Routing": { "Task": "classification" } },
          "assistant": { "Routing": { "RewriteModel": true } },
          "tiered": { "Routing": { "Tiers": { "chat": "small" }, "Models": { "small": "gpt-3.5-turbo" } } }
        }
        """;

    public static readonly PricingCatalog Pricing = PricingCatalog.LoadDefault();

    protected override string InitialSettings => Settings;

    /// <summary>An SDK set whose calls name <paramref name="feature"/> (when given) and <paramref name="task"/> (when given).</summary>
    internal CacheClients ClientsFor(string? feature, string? task = null)
    {
        var clients = new CacheClients(BaseAddress);
        if (feature is not null)
        {
            clients.Headers.Values["x-tollgate-feature"] = feature;
        }

        if (task is not null)
        {
            clients.Headers.Values["x-tollgate-task"] = task;
        }

        return clients;
    }

    /// <summary>
    /// Asserts the call <paramref name="requestId"/> was sent to <paramref name="served"/> (the simulator received it, the
    /// row served it) and priced against <paramref name="baseline"/>, the row keeping <paramref name="requested"/>; a
    /// routed row's lever is <c>routing</c>.
    /// </summary>
    public async Task<LedgerEntry> AssertServedAsync(string requestId, string requested, string served, string baseline)
    {
        Assert.Equal(served, await UpstreamModelAsync(requestId));
        var row = await RowAsync(requestId);
        Assert.Equal(requested, row.RequestedModel);
        Assert.StartsWith(served, row.ServedModel, StringComparison.Ordinal);
        var usage = new Core.Exchange.TokenUsage(row.InputTokens, 0, 0, row.OutputTokens);
        Assert.Equal(Pricing.Find(baseline)!.ListCost(usage), row.BaselineCostUsd);
        Assert.Equal(Pricing.Find(served)!.Cost(usage), row.CostUsd);
        if (served != baseline)
        {
            Assert.Equal(Levers.Routing, row.Lever);
            Assert.Equal([(Levers.Routing, row.BaselineCostUsd!.Value - row.CostUsd!.Value)], row.Savings.Select(saving => (saving.Lever, saving.SavedUsd)));
        }
        else
        {
            Assert.DoesNotContain(row.Savings, saving => saving.Lever == Levers.Routing);
        }

        return row;
    }

    /// <summary><c>PUT /admin/config/{path}</c>: the status and the body.</summary>
    public async Task<(int Status, string Body)> PutSettingAsync(string path, string json)
    {
        using var response = await Http.PutAsync("admin/config/" + path, JsonContent.Create(System.Text.Json.JsonDocument.Parse(json).RootElement));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A prompt no other test sends; its mark is letters only, so it adds no number for the classifier to count.</summary>
    public static string Unique(string prompt) =>
        prompt + " (" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c)) + ")";
}
