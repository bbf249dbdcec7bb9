using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tollgate.Cli.Replay;

/// <summary>
/// Reads back from the gateway's admin API what the ledger recorded for exactly the run's requests: the money from
/// <c>GET /admin/spend?group_by=tag:replay</c> (the run's tag value is its row), the savings by lever from each
/// request's row (<c>GET /admin/requests/{id}</c>), since the spend report's lever grouping cannot be narrowed to one tag.
/// </summary>
internal sealed class ReplayLedger(HttpClient http, string? adminKey)
{
    private const int ParallelReads = 8;

    /// <summary>The run's money (cost, baseline, saved, unpriced requests); null with one line on standard error when the gateway refused.</summary>
    public async Task<(decimal? Cost, decimal? Baseline, decimal? Saved, long Unpriced)?> SpendAsync(string runId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var path = "admin/spend?group_by=tag:replay&since=" + Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture));
        using var document = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        foreach (var row in document.RootElement.GetProperty("rows").EnumerateArray())
        {
            if (row.TryGetProperty("group", out var group) && group.ValueEquals(runId))
            {
                return (Money(row, "cost_usd"), Money(row, "baseline_cost_usd"), Money(row, "saved_usd"), row.GetProperty("unpriced_requests").GetInt64());
            }
        }

        return (null, null, null, 0); // no row: the gateway settled none of the run's requests
    }

    /// <summary>Savings by lever over the rows of <paramref name="requestIds"/>, largest first; null when the gateway refused.</summary>
    public async Task<IReadOnlyList<ReplayLeverSaving>?> SavingsByLeverAsync(IReadOnlyList<string> requestIds, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, (long Requests, decimal Saved)>(StringComparer.Ordinal);
        var refused = false;
        await Parallel.ForEachAsync(
            requestIds,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                using var document = await GetAsync("admin/requests/" + Uri.EscapeDataString(id), token).ConfigureAwait(false);
                if (document is null)
                {
                    refused = true;
                    return;
                }

                if (!document.RootElement.TryGetProperty("savings", out var savings) || savings.ValueKind != JsonValueKind.Array)
                {
                    return;
                }

                lock (totals)
                {
                    foreach (var saving in savings.EnumerateArray())
                    {
                        var lever = saving.GetProperty("lever").GetString() ?? "unknown";
                        var saved = saving.GetProperty("saved_usd").GetDecimal();
                        totals[lever] = totals.TryGetValue(lever, out var sum) ? (sum.Requests + 1, sum.Saved + saved) : (1, saved);
                    }
                }
            }).ConfigureAwait(false);
        if (refused)
        {
            return null;
        }

        return [.. totals.Select(pair => new ReplayLeverSaving(pair.Key, pair.Value.Requests, pair.Value.Saved)).OrderByDescending(s => s.SavedUsd).ThenBy(s => s.Lever, StringComparer.Ordinal)];
    }

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (adminKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return JsonDocument.Parse(body);
        }

        var hint = response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " Pass --admin-key or set TOLLGATE_ADMIN_KEY to read the results." : string.Empty;
        await Console.Error.WriteLineAsync($"tollgate: the gateway answered {(int)response.StatusCode} to GET /{path.Split('?')[0]}: {Shorten(body)}{hint}").ConfigureAwait(false);
        return null;
    }

    private static decimal? Money(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static string Shorten(string body) => body.Length <= 200 ? body.ReplaceLineEndings(" ") : body[..200].ReplaceLineEndings(" ") + "…";
}
