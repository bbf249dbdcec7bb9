using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Json;

/// <summary>The ledger row as <c>GET /admin/requests/{id}</c> writes it.</summary>
public sealed class LedgerEntryJsonTests
{
    private static readonly LedgerEntry Row = new()
    {
        RequestId = "req_json",
        Timestamp = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Endpoint = "/v1/chat/completions",
        RequestedModel = "gpt-4o",
        ServedModel = "gpt-4o-mini",
        CacheWriteTokens = 30,
        CacheWrite1hTokens = 20,
        CostUsd = 0.00477m,
        BaselineCostUsd = 0.0045m,
        CacheStatus = "miss",
        Lever = Levers.Routing,
        Savings = [new LeverSaving(Levers.Routing, 0.00423m)],
        Status = 200,
        Attempts = 2,
        AttemptRecords =
        [
            new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", CostUsd = 0m, LatencyMs = 40 },
            new AttemptRecord { Number = 2, Provider = "openai", Model = "gpt-4o-mini", Status = 200, InputTokens = 1_000, CachedInputTokens = 10, OutputTokens = 200, CostUsd = 0.00477m, LatencyMs = 305.25 },
        ],
    };

    [Fact]
    public void A_row_is_written_with_its_savings_and_attempt_records_in_snake_case()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(Row, AdminJsonContext.Default.LedgerEntry));
        var root = document.RootElement;

        var saving = Assert.Single(root.GetProperty("savings").EnumerateArray());
        Assert.Equal(("routing", 0.00423m), (saving.GetProperty("lever").GetString(), saving.GetProperty("saved_usd").GetDecimal()));
        var attempts = root.GetProperty("attempt_records");
        Assert.Equal(2, attempts.GetArrayLength());
        Assert.Equal(
            (2, "gpt-4o-mini", 200, 10L, 0.00477m, 305.25),
            (attempts[1].GetProperty("number").GetInt32(), attempts[1].GetProperty("model").GetString(), attempts[1].GetProperty("status").GetInt32(),
                attempts[1].GetProperty("cached_input_tokens").GetInt64(), attempts[1].GetProperty("cost_usd").GetDecimal(), attempts[1].GetProperty("latency_ms").GetDouble()));
        Assert.Equal("api_error", attempts[0].GetProperty("error_type").GetString());
        Assert.Equal("routing", root.GetProperty("lever").GetString());
    }

    [Fact]
    public void One_hour_cache_writes_are_written_as_cache_write_1h_tokens()
    {
        var row = Row with
        {
            CacheWriteTokens = 300,
            CacheWrite1hTokens = 200,
            AttemptRecords = [Row.AttemptRecords[0], Row.AttemptRecords[1] with { CacheWriteTokens = 300, CacheWrite1hTokens = 200 }],
        };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(row, AdminJsonContext.Default.LedgerEntry));

        Assert.Equal((300L, 200L), (document.RootElement.GetProperty("cache_write_tokens").GetInt64(), document.RootElement.GetProperty("cache_write_1h_tokens").GetInt64()));
        Assert.Equal(200L, document.RootElement.GetProperty("attempt_records")[1].GetProperty("cache_write_1h_tokens").GetInt64());
    }

    [Fact]
    public void A_row_without_details_is_written_with_empty_lists()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(Row with { Savings = [], AttemptRecords = [] }, AdminJsonContext.Default.LedgerEntry));

        Assert.Equal(0, document.RootElement.GetProperty("savings").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("attempt_records").GetArrayLength());
    }

    [Fact]
    public void The_test_servers_admin_reader_reads_a_row_back_whole()
    {
        // GatewayServer reads rows with these options (reflection, snake_case); reflection is off by default here.
        var options = new JsonSerializerOptions(GatewayServer.AdminJson) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        var read = JsonSerializer.Deserialize<LedgerEntry>(JsonSerializer.Serialize(Row, AdminJsonContext.Default.LedgerEntry), options);

        Assert.Equal(Row, read);
    }
}
