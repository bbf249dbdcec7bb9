using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Relay;

/// <summary>The <c>x-tollgate-*</c> response headers.</summary>
internal static class TollgateHeaders
{
    public const string RequestId = "x-tollgate-request-id";
    public const string Cache = "x-tollgate-cache";
    public const string CostUsd = "x-tollgate-cost-usd";
    public const string Model = "x-tollgate-model";
    public const string Similarity = "x-tollgate-similarity";
    public const string OutputCapped = "x-tollgate-output-capped";
    public const string RateLimitScope = "x-tollgate-ratelimit-scope";
    public const string Valid = "x-tollgate-valid";

    /// <summary>Sets the headers known when the response starts (cost and output cap only when already settled).</summary>
    public static void Apply(HttpResponse response, ExchangeContext exchange)
    {
        var headers = response.Headers;
        headers[Cache] = exchange.CacheStatus;
        // Until the provider names it, the model the request was sent for (a pinned or degraded one) is the one serving.
        var model = exchange.ServedModel ?? exchange.EditsIfAny?.Model ?? exchange.Request.Model;
        if (model is not null)
        {
            // The served model is whatever the provider's body says; it may hold characters no header carries.
            headers[Model] = HeaderValueEncoding.PercentEncode(model);
        }

        if (exchange.Similarity is { } similarity)
        {
            headers[Similarity] = similarity.ToString("0.0000", CultureInfo.InvariantCulture);
        }

        if (exchange.Settled)
        {
            headers[CostUsd] = FormatCost(exchange.CostUsd);

            // Known before the body only for a whole answer (settled first); a stream's is in its ledger row alone.
            if (exchange.OutputCapped)
            {
                headers[OutputCapped] = "true";
            }

            // Likewise the typed output check's verdict: a stream's comes at its end, beside its cost.
            if (exchange.OutputValid is { } valid)
            {
                headers[Valid] = FormatValid(valid);
            }
        }

        if (exchange.BudgetReservation?.RemainingUsd is { } remaining)
        {
            headers[Core.Budgets.BudgetRefusal.RemainingUsdHeader] = Core.Budgets.BudgetRefusal.FormatUsd(remaining);
        }
    }

    /// <summary><c>true</c> or <c>false</c>, as <c>x-tollgate-valid</c> says it.</summary>
    public static string FormatValid(bool valid) => valid ? "true" : "false";

    /// <summary>Cost as a plain invariant decimal, or <c>unknown</c> when the price is not known.</summary>
    public static string FormatCost(decimal? cost) => cost is { } value ? value.ToString(CultureInfo.InvariantCulture) : "unknown";
}
