using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Gateway.Metrics;

/// <summary>
/// <c>GET /metrics</c>: every metric of <see cref="TollgateMetrics"/> in the Prometheus text format. It asks for the
/// admin key like <c>/admin/*</c> unless <c>Tollgate:Metrics:Open</c> is set.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void MapMetrics(this IEndpointRouteBuilder routes) => routes.MapGet(Path, WriteAsync);

    // The budget gauges are asked for so that they exist (and read the budgets) before the first scrape.
    private static async Task WriteAsync(HttpContext http, TollgateMetrics metrics, BudgetGauges budgets, IOptionsMonitor<GatewayOptions> options)
    {
        if (!options.CurrentValue.Metrics.Open && !await AdminRoutes.AuthoriseAsync(http).ConfigureAwait(false))
        {
            return;
        }

        http.Response.ContentType = TollgateMetrics.ContentType;
        http.Response.Headers.CacheControl = "no-store";
        await metrics.WriteAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
