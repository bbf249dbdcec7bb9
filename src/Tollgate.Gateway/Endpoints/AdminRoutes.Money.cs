using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Gateway.Json;

namespace Tollgate.Gateway.Endpoints;

/// <summary><c>GET /admin/spend</c> and <c>GET /admin/pricing</c>: what was spent, and at which prices.</summary>
internal static partial class AdminRoutes
{
    /// <summary>
    /// The spend report (<see cref="SpendReport"/>): <c>group_by</c> (default <c>feature</c>; <c>tag:KEY</c> by a tag's values), <c>since</c> (inclusive)
    /// and <c>until</c> (exclusive, default now) as ISO-8601 times.
    /// </summary>
    private static async Task GetSpendAsync(HttpContext http, ILedgerStore ledger, TimeProvider time)
    {
        var query = http.Request.Query;
        var groupText = query["group_by"].ToString();
        if (!SpendGroupings.TryParse(string.IsNullOrEmpty(groupText) ? SpendGroupings.Name(SpendGrouping.Feature) : groupText, out var grouping, out var tagKey))
        {
            await BadRequestAsync(http, $"group_by must be one of: {string.Join(", ", SpendGroupings.Accepted)} (e.g. tag:project).", "group_by").ConfigureAwait(false);
            return;
        }

        if (await ReadPeriodAsync(http, time, defaultLength: null).ConfigureAwait(false) is not (var since, var to))
        {
            return;
        }

        var spend = tagKey is null ? new SpendQuery(grouping, since, to) : SpendQuery.ByTag(tagKey, since, to);
        var report = await ledger.GetSpendAsync(spend, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, report, AdminJsonContext.Default.SpendReport).ConfigureAwait(false);
    }

    /// <summary>
    /// The prices in force (<see cref="PricingResponse"/>), and every model the ledger recorded without a cost that
    /// the catalog still cannot price, with its request count.
    /// </summary>
    private static async Task GetPricingAsync(HttpContext http, PricingCatalog pricing, ILedgerStore ledger)
    {
        var seen = await ledger.GetUnpricedModelsAsync(http.RequestAborted).ConfigureAwait(false);
        var unpriced = new List<UnpricedModel>(seen.Count);
        foreach (var model in seen)
        {
            // Rows with an unknown cost whose model is priced now (a call cut by a crash, or a price added since) are not news.
            if (pricing.Find(model.Model) is null)
            {
                unpriced.Add(model);
            }
        }

        await WriteJsonAsync(http, 200, PricingResponse.From(pricing, unpriced), AdminJsonContext.Default.PricingResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// The period of a report's query: <c>since</c> (inclusive; <paramref name="defaultLength"/> before the end when not
    /// given, else none) and <c>until</c> (exclusive, default now), as ISO-8601 times; null after the 400 when one is
    /// unreadable or the period ends before it starts.
    /// </summary>
    private static async Task<(DateTimeOffset? Since, DateTimeOffset Until)?> ReadPeriodAsync(HttpContext http, TimeProvider time, TimeSpan? defaultLength)
    {
        var query = http.Request.Query;
        if (!TryReadTime(query["since"].ToString(), out var since))
        {
            await BadRequestAsync(http, "since must be an ISO-8601 date or time, e.g. 2026-11-01T00:00:00Z.", "since").ConfigureAwait(false);
            return null;
        }

        if (!TryReadTime(query["until"].ToString(), out var until))
        {
            await BadRequestAsync(http, "until must be an ISO-8601 date or time, e.g. 2026-12-01T00:00:00Z.", "until").ConfigureAwait(false);
            return null;
        }

        var to = until ?? time.GetUtcNow();
        since ??= to - defaultLength;
        if (since >= to)
        {
            await BadRequestAsync(http, "since must be earlier than until (or than now, when until is not given).", "since").ConfigureAwait(false);
            return null;
        }

        return (since, to);
    }

    private static bool TryReadTime(string text, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        instant = parsed;
        return true;
    }
}
