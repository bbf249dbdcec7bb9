using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.EndToEnd.Tests.Caching;

namespace Tollgate.EndToEnd.Tests.Routing;

/// <summary>
/// A gateway in front of a recording simulator for the degrade rule: features with a degrade model of their own
/// (<c>feature-degrade</c>, <c>feature-degrade-stream</c>) or a pinned model (<c>pinned-degrade</c>). Each test makes its
/// own feature budget through <c>POST /admin/budgets</c>, so their spend never mixes.
/// </summary>
public sealed class DegradeGateway : CachingGateway
{
    public const string Settings = """
        "Features": {
          "feature-degrade": { "DegradeModel": "claude-haiku-4-5" },
          "feature-degrade-stream": { "DegradeModel": "claude-haiku-4-5" },
          "pinned-degrade": { "Model": "gpt-4.1-mini" }
        }
        """;

    // A prompt of about a thousand tokens: one call at gpt-4.1 or Claude Sonnet 4.5 spends a few tenths of a cent.
    private static readonly string LongPrompt = string.Join(' ', Enumerable.Repeat("Summarise the harbour ledger entry for the morning tide.", 100));

    protected override string InitialSettings => Settings;

    /// <summary>
    /// Sets a daily budget on <paramref name="feature"/> of <paramref name="limitUsd"/> that degrades at half its limit
    /// (to <paramref name="degradeModel"/>, or the feature's when null), creating or replacing it.
    /// </summary>
    public async Task SetBudgetAsync(string id, string feature, decimal limitUsd, string? degradeModel)
    {
        var model = degradeModel is null ? string.Empty : $",\"degrade_model\":\"{degradeModel}\"";
        var body = $$"""{"id":"{{id}}","scope":"feature:{{feature}}","limit_usd":{{limitUsd.ToString(CultureInfo.InvariantCulture)}},"period":"day","degrade_at":0.5{{model}}}""";
        using var response = await Http.PutAsync("admin/budgets/" + id, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Budget <paramref name="id"/>'s spent and reserved dollars.</summary>
    public async Task<decimal> UsedAsync(string id)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("admin/budgets/" + id));
        var root = document.RootElement;
        return root.GetProperty("spent_usd").GetDecimal() + root.GetProperty("reserved_usd").GetDecimal();
    }

    /// <summary>
    /// Spends on <paramref name="feature"/> with a long prompt for <paramref name="model"/>, then lowers budget
    /// <paramref name="id"/>'s limit so that what it has spent is 62.5 % of it: past its degrade fraction, with room left.
    /// </summary>
    public async Task SpendPastHalfAsync(string id, string feature, string model, string? degradeModel)
    {
        var answer = model.StartsWith("claude", StringComparison.Ordinal)
            ? await RawCall.PostAsync(Http, "v1/messages", $$"""{"model":"{{model}}","max_tokens":30,"messages":[{"role":"user","content":"{{LongPrompt}}"}]}""", ("x-tollgate-feature", feature))
            : await RawCall.PostAsync(Http, "v1/chat/completions", $$"""{"model":"{{model}}","max_tokens":30,"messages":[{"role":"user","content":"{{LongPrompt}}"}]}""", ("x-tollgate-feature", feature));
        Assert.True(answer.Status == 200, answer.Body);
        var used = await UsedAsync(id);
        Assert.True(used > 0m, $"budget {id} counted nothing");
        await SetBudgetAsync(id, feature, Math.Round(used * 1.6m, 10), degradeModel);
    }

    /// <summary>An SDK set whose calls name <paramref name="feature"/> in <c>x-tollgate-feature</c>.</summary>
    internal CacheClients ClientsFor(string feature)
    {
        var clients = new CacheClients(BaseAddress);
        clients.Headers.Values["x-tollgate-feature"] = feature;
        return clients;
    }

    /// <summary>A name no other test uses.</summary>
    public static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];
}
