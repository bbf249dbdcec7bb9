using System.Text.Json;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// A gateway in front of a recording simulator with two features pinned across provider families: <c>to-claude</c>
/// sends every request (OpenAI chat, Responses API) to Claude Sonnet 4.5, <c>to-gpt</c> sends Anthropic messages to
/// GPT-4.1 mini.
/// </summary>
public sealed class TranslationGateway : CachingGateway
{
    public const string Claude = "claude-sonnet-4-5";
    public const string Gpt = "gpt-4.1-mini";

    private static readonly PricingCatalog Pricing = PricingCatalog.LoadDefault();

    protected override string InitialSettings => $$"""
        "Features": {
          "to-claude": { "Model": "{{Claude}}" },
          "to-gpt": { "Model": "{{Gpt}}" }
        }
        """;

    /// <summary>An SDK set whose calls name <paramref name="feature"/> in <c>x-tollgate-feature</c>.</summary>
    internal CacheClients ClientsFor(string feature)
    {
        var clients = new CacheClients(BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = feature;
        return clients;
    }

    /// <summary>The body the simulator received for <paramref name="requestId"/>, parsed.</summary>
    public async Task<JsonDocument> UpstreamBodyAsync(string requestId)
    {
        var call = await Simulator.WaitForRequestAsync(requestId);
        return JsonDocument.Parse(call.Body ?? throw new InvalidOperationException($"The simulator kept no body for {requestId}."));
    }

    /// <summary>
    /// Asserts the row of <paramref name="requestId"/> was served by <paramref name="provider"/>'s <paramref name="model"/>
    /// and billed at its price for the row's own usage (cache reads and writes included); returns the row.
    /// </summary>
    public async Task<LedgerEntry> AssertServedAsync(string requestId, string provider, string model)
    {
        var row = await RowAsync(requestId);
        Assert.Equal(provider, row.Provider);
        Assert.StartsWith(model, row.ServedModel, StringComparison.Ordinal);
        Assert.True(row.InputTokens > 0 && row.OutputTokens > 0, $"usage {row.InputTokens}/{row.OutputTokens}");
        var usage = new TokenUsage(row.InputTokens, row.CachedInputTokens, row.CacheWriteTokens, row.OutputTokens, row.CacheWrite1hTokens);
        Assert.Equal(Pricing.Find(model)!.Cost(usage), row.CostUsd);
        Assert.Null(row.ErrorType);
        return row;
    }

    /// <summary>A prompt no other call uses.</summary>
    public static string Unique(string prompt) => prompt + " #" + Guid.NewGuid().ToString("N")[..8];
}
