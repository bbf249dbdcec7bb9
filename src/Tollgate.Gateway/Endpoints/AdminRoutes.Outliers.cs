using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;

namespace Tollgate.Gateway.Endpoints;

/// <summary><c>GET /admin/outliers</c>: the costliest requests of a period.</summary>
internal static partial class AdminRoutes
{
    /// <summary>The most outliers one answer lists.</summary>
    public const int MaxOutliers = 100;

    /// <summary>How many outliers an answer lists when <c>limit</c> is not given.</summary>
    public const int DefaultOutliers = 10;

    /// <summary>How far back the period starts when <c>since</c> is not given.</summary>
    public static readonly TimeSpan DefaultOutlierPeriod = TimeSpan.FromDays(7);

    /// <summary>
    /// The costliest settled requests (<see cref="OutliersResponse"/>) between <c>since</c> (inclusive, default seven days
    /// ago) and <c>until</c> (exclusive, default now), at most <c>limit</c> (1 to 100, default 10), costliest first.
    /// </summary>
    private static async Task GetOutliersAsync(HttpContext http, ILedgerStore ledger, TimeProvider time)
    {
        var query = http.Request.Query;
        var limit = DefaultOutliers;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxOutliers))
        {
            await BadRequestAsync(http, $"limit must be a whole number from 1 to {MaxOutliers}.", "limit").ConfigureAwait(false);
            return;
        }

        if (await ReadPeriodAsync(http, time, DefaultOutlierPeriod).ConfigureAwait(false) is not (var since, var to))
        {
            return;
        }

        var from = since!.Value;
        var entries = await ledger.GetCostliestAsync(from, to, limit, http.RequestAborted).ConfigureAwait(false);
        var data = new OutlierResponse[entries.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = OutlierResponse.From(entries[i]);
        }

        await WriteJsonAsync(http, 200, new OutliersResponse(from, to, data), AdminJsonContext.Default.OutliersResponse).ConfigureAwait(false);
    }
}
