using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// The dashboard's reads of a period: <c>GET /admin/spend/timeline</c>, <c>GET /admin/tokens/histogram</c> and
/// <c>GET /admin/outliers</c>. Each takes <c>since</c> (inclusive, default 7 days ago) and <c>until</c> (exclusive,
/// default now) as ISO-8601 times, refused as <c>/admin/spend</c> refuses them.
/// </summary>
internal static partial class AdminRoutes
{
    /// <summary>The period a report covers when <c>since</c> is not given.</summary>
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

    /// <summary>The longest period an hourly timeline covers: beyond it, days.</summary>
    private static readonly TimeSpan LongestHourlyPeriod = TimeSpan.FromDays(31);

    /// <summary>
    /// Spend over time: <c>group_by</c> <c>feature</c> (the default), <c>model</c>, <c>user</c>, <c>team</c> or <c>key</c>;
    /// <c>bucket</c> <c>hour</c> or <c>day</c> (by default hours for up to two days, days beyond).
    /// </summary>
    private static async Task GetSpendTimelineAsync(HttpContext http, ILedgerStore ledger, TimeProvider time)
    {
        var query = http.Request.Query;
        var groupText = query["group_by"].ToString();
        if (!SpendGroupings.TryParse(string.IsNullOrEmpty(groupText) ? SpendGroupings.Name(SpendGrouping.Feature) : groupText, out var grouping, out var tagKey)
            || tagKey is not null || !SpendTimelineQuery.CanGroupBy(grouping))
        {
            await BadRequestAsync(http, "group_by must be one of: feature, model, user, team, key.", "group_by").ConfigureAwait(false);
            return;
        }

        if (await ReadPeriodAsync(http, time, DefaultPeriod).ConfigureAwait(false) is not (DateTimeOffset since, var until))
        {
            return;
        }

        TimeBucket bucket;
        switch (query["bucket"].ToString())
        {
            case "":
                bucket = until - since <= TimeSpan.FromDays(2) ? TimeBucket.Hour : TimeBucket.Day;
                break;
            case "hour":
                bucket = TimeBucket.Hour;
                break;
            case "day":
                bucket = TimeBucket.Day;
                break;
            default:
                await BadRequestAsync(http, "bucket must be hour or day.", "bucket").ConfigureAwait(false);
                return;
        }

        if (bucket == TimeBucket.Hour && until - since > LongestHourlyPeriod)
        {
            await BadRequestAsync(http, "An hourly timeline covers at most 31 days: ask for bucket=day, or a shorter period.", "bucket").ConfigureAwait(false);
            return;
        }

        var timeline = await ledger.GetSpendTimelineAsync(new SpendTimelineQuery(grouping, bucket, since, until), http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, timeline, AdminJsonContext.Default.SpendTimeline).ConfigureAwait(false);
    }

    /// <summary>Tokens per request (input + output) as a histogram of the period's settled requests.</summary>
    private static async Task GetTokenHistogramAsync(HttpContext http, ILedgerStore ledger, TimeProvider time)
    {
        if (await ReadPeriodAsync(http, time, DefaultPeriod).ConfigureAwait(false) is not (DateTimeOffset since, var until))
        {
            return;
        }

        var histogram = await ledger.GetTokenHistogramAsync(since, until, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, histogram, AdminJsonContext.Default.TokenHistogram).ConfigureAwait(false);
    }
}
