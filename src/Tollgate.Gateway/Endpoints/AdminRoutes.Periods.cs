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

        if (await ReadPeriodAsync(http, time).ConfigureAwait(false) is not var (since, until))
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
        if (await ReadPeriodAsync(http, time).ConfigureAwait(false) is not var (since, until))
        {
            return;
        }

        var histogram = await ledger.GetTokenHistogramAsync(since, until, http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, histogram, AdminJsonContext.Default.TokenHistogram).ConfigureAwait(false);
    }

    /// <summary>The costliest requests of the period, dearest first: <c>limit</c> of them (1–100, default 10).</summary>
    private static async Task GetOutliersAsync(HttpContext http, ILedgerStore ledger, TimeProvider time)
    {
        var limitText = http.Request.Query["limit"].ToString();
        var limit = 10;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            await BadRequestAsync(http, "limit must be a whole number from 1 to 100.", "limit").ConfigureAwait(false);
            return;
        }

        if (await ReadPeriodAsync(http, time).ConfigureAwait(false) is not var (since, until))
        {
            return;
        }

        var rows = await ledger.GetCostliestAsync(since, until, limit, http.RequestAborted).ConfigureAwait(false);
        var data = new OutlierResponse[rows.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = OutlierResponse.From(rows[i]);
        }

        await WriteJsonAsync(http, 200, new OutlierListResponse(since, until, data), AdminJsonContext.Default.OutlierListResponse).ConfigureAwait(false);
    }

    /// <summary>Reads <c>since</c> and <c>until</c>, or writes the 400 that says what is wrong with them and returns null.</summary>
    private static async Task<(DateTimeOffset Since, DateTimeOffset Until)?> ReadPeriodAsync(HttpContext http, TimeProvider time)
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
        var from = since ?? to - DefaultPeriod;
        if (from >= to)
        {
            await BadRequestAsync(http, "since must be earlier than until (or than now, when until is not given).", "since").ConfigureAwait(false);
            return null;
        }

        return (from, to);
    }
}
