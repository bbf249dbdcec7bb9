using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Alerts;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Alerts;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// <c>GET /admin/alerts</c>, the alerts raised with their deliveries, and <c>POST /admin/alerts/test</c>, a test alert
/// sent to every webhook. Webhooks appear by name only: never a URL or a secret.
/// </summary>
internal static partial class AdminRoutes
{
    private static readonly string[] AlertListParameters = ["since", "limit", "kind"];

    /// <summary>
    /// The alerts newest first: <c>since</c> (an ISO-8601 instant, or an age such as <c>24h</c> or <c>7d</c>),
    /// <c>kind</c> (exact) and <c>limit</c> (1 to 1000, default 100). A parameter unknown, repeated or malformed is
    /// refused with 400, naming it.
    /// </summary>
    private static async Task ListAlertsAsync(HttpContext http, IAlertStore alerts, TimeProvider time)
    {
        var query = http.Request.Query;
        foreach (var (name, values) in query)
        {
            if (Array.IndexOf(AlertListParameters, name) < 0)
            {
                await BadRequestAsync(http, $"Unknown parameter '{name}': GET /admin/alerts takes since, limit and kind.", name).ConfigureAwait(false);
                return;
            }

            if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                await BadRequestAsync(http, $"{name} must be given once, with a value.", name).ConfigureAwait(false);
                return;
            }
        }

        DateTimeOffset? since = null;
        if (Single(query, "since") is { } sinceText)
        {
            if (!AlertSince.TryParse(sinceText, time.GetUtcNow(), out var parsed))
            {
                await BadRequestAsync(http, $"since must be {AlertSince.Expected}; got '{sinceText}'.", "since").ConfigureAwait(false);
                return;
            }

            since = parsed;
        }

        var limit = AlertQuery.DefaultLimit;
        if (Single(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AlertQuery.MaxLimit))
        {
            await BadRequestAsync(http, $"limit must be a whole number from 1 to {AlertQuery.MaxLimit}; got '{limitText}'.", "limit").ConfigureAwait(false);
            return;
        }

        var listed = await alerts.ListAsync(new AlertQuery(since, Single(query, "kind"), limit), http.RequestAborted).ConfigureAwait(false);
        var result = new AlertResponse[listed.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = AlertResponse.From(listed[i].Alert, listed[i].Deliveries);
        }

        await WriteJsonAsync(http, 200, new AlertListResponse(result), AlertJsonContext.Default.AlertListResponse).ConfigureAwait(false);
    }

    /// <summary>Raises a <c>test</c> alert, which goes to every webhook whatever its kinds; 202 with the alert.</summary>
    private static async Task RaiseTestAlertAsync(HttpContext http, IAlertPublisher publisher, TimeProvider time)
    {
        var alert = Alert.Create(AlertKinds.Test, AlertSeverity.Info, "Test alert: the webhooks configured for Tollgate's alerts receive and verify this one.", time.GetUtcNow());
        if (!publisher.Publish(alert))
        {
            await ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, 503, ErrorTypes.Internal, "The alert queue is full or the gateway is stopping; try again.").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(http, 202, AlertResponse.From(alert), AlertJsonContext.Default.AlertResponse).ConfigureAwait(false);
    }
}
