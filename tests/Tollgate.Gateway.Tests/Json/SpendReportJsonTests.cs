using System.Text.Json;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;

namespace Tollgate.Gateway.Tests.Json;

/// <summary>
/// The spend report as <c>GET /admin/spend</c> writes it, to the byte: operators' scripts and dashboards read its
/// fields by name and some by position, so a row and the totals keep their names and their order.
/// </summary>
public sealed class SpendReportJsonTests
{
    [Fact]
    public void A_row_and_the_totals_are_written_with_their_fields_in_the_documented_order()
    {
        var report = new SpendReport
        {
            GroupBy = "feature",
            From = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero),
            Rows =
            [
                new SpendRow
                {
                    Group = "search", Requests = 3, InputTokens = 1_000, CachedInputTokens = 200, CacheWriteTokens = 100, OutputTokens = 50,
                    CostUsd = 0.0125m, BaselineCostUsd = 0.02m, SavedUsd = 0.005m, DiscountUsd = 0.0025m, UnpricedRequests = 1, Hits = 2,
                    UsableOutputs = 2, WastedUsd = 0.005m,
                },
                new SpendRow { Group = null, Requests = 1, UnpricedRequests = 1 },
            ],
            Totals = new SpendTotals
            {
                Requests = 4, InputTokens = 1_000, CachedInputTokens = 200, CacheWriteTokens = 100, OutputTokens = 50,
                CostUsd = 0.0125m, BaselineCostUsd = 0.02m, SavedUsd = 0.005m, DiscountUsd = 0.0025m, UnpricedRequests = 2, Hits = 2,
                UsableOutputs = 2, WastedUsd = 0.005m,
            },
        };

        var json = JsonSerializer.Serialize(report, AdminJsonContext.Default.SpendReport);

        Assert.Equal(
            "{\"group_by\":\"feature\",\"from\":\"2025-03-01T00:00:00+00:00\",\"to\":\"2025-03-02T00:00:00+00:00\",\"rows\":[" +
            "{\"group\":\"search\",\"requests\":3,\"input_tokens\":1000,\"cached_input_tokens\":200,\"cache_write_tokens\":100,\"output_tokens\":50," +
            "\"cost_usd\":0.0125,\"baseline_cost_usd\":0.02,\"saved_usd\":0.005,\"discount_usd\":0.0025,\"unpriced_requests\":1,\"hits\":2," +
            "\"usable_outputs\":2,\"wasted_usd\":0.005,\"cost_per_usable_output_usd\":0.00625,\"waste_rate\":0.4}," +
            "{\"group\":null,\"requests\":1,\"input_tokens\":0,\"cached_input_tokens\":0,\"cache_write_tokens\":0,\"output_tokens\":0," +
            "\"cost_usd\":null,\"baseline_cost_usd\":null,\"saved_usd\":null,\"discount_usd\":null,\"unpriced_requests\":1,\"hits\":0," +
            "\"usable_outputs\":0,\"wasted_usd\":null,\"cost_per_usable_output_usd\":null,\"waste_rate\":null}]," +
            "\"totals\":{\"requests\":4,\"input_tokens\":1000,\"cached_input_tokens\":200,\"cache_write_tokens\":100,\"output_tokens\":50," +
            "\"cost_usd\":0.0125,\"baseline_cost_usd\":0.02,\"saved_usd\":0.005,\"discount_usd\":0.0025,\"unpriced_requests\":2,\"hits\":2," +
            "\"usable_outputs\":2,\"wasted_usd\":0.005,\"cost_per_usable_output_usd\":0.00625,\"waste_rate\":0.4,\"complete\":false}}",
            json);
    }
}
