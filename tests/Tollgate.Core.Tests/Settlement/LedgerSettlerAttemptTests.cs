using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>A request that needed several upstream attempts: one row, their total cost, a record of each.</summary>
public sealed class LedgerSettlerAttemptTests : SettledLedgerTests
{
    private const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Extract the invoice fields as JSON."}]}""";

    [Fact]
    public async Task Several_attempts_make_one_row_billed_their_sum_with_a_record_of_each()
    {
        // 1: gpt-4o answered but its output was re-asked: 1,000 × 2.50 + 200 × 10 = 4,500 µ$ billed.
        // 2: gpt-4o failed with a 500: not billed.
        // 3: fallback gpt-4o-mini answered: 1,000 × 0.15 + 200 × 0.60 = 270 µ$.
        // Row: 4,500 + 0 + 270 = 4,770 µ$. Baseline gpt-4o on the answer's tokens = 4,500 µ$; routing saved
        // 4,500 − 270 = 4,230 µ$ on the answer, and the re-ask cost the 4,500 µ$ on top.
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, ProviderMayHaveBilled = true, Provider = "openai" };
        var numbers = new[]
        {
            exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, ErrorType = "output_invalid", Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true, LatencyMs = 812.5 }),
            exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", LatencyMs = 40 }),
            exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o-mini", Status = 200, Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true, LatencyMs = 305.25 }),
        };
        exchange.ServedModel = "gpt-4o-mini";
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal([1, 2, 3], numbers);
        Assert.Equal(1, await Storage.Ledger.CountAsync());
        Assert.Equal((3, 0.00477m, 0.0045m), (row!.Attempts, row.CostUsd, row.BaselineCostUsd));
        Assert.Equal([new LeverSaving(Levers.Routing, 0.00423m)], row.Savings);
        Assert.Equal(
            [
                new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 200, ErrorType = "output_invalid", InputTokens = 1_000, OutputTokens = 200, CostUsd = 0.0045m, LatencyMs = 812.5 },
                new AttemptRecord { Number = 2, Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", CostUsd = 0m, LatencyMs = 40 },
                new AttemptRecord { Number = 3, Provider = "openai", Model = "gpt-4o-mini", Status = 200, InputTokens = 1_000, OutputTokens = 200, CostUsd = 0.00027m, LatencyMs = 305.25 },
            ],
            row.AttemptRecords);
        Assert.Equal(row.CostUsd, row.AttemptRecords.Sum(attempt => attempt.CostUsd));
    }

    [Fact]
    public async Task The_last_attempt_is_completed_with_the_usage_and_model_its_answer_reported()
    {
        // The call stage records an attempt at the answer's status line, before the relay has read its usage.
        // gpt-4o-2024-08-06 is priced as gpt-4o: 1,000 × 2.50 + 200 × 10 = 4,500 µ$.
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, Provider = "openai" };
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error" });
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, ProviderMayHaveBilled = true });
        exchange.ProviderMayHaveBilled = true;
        exchange.ServedModel = "gpt-4o-2024-08-06";
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal(
            [
                new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", CostUsd = 0m },
                new AttemptRecord { Number = 2, Provider = "openai", Model = "gpt-4o-2024-08-06", Status = 200, InputTokens = 1_000, OutputTokens = 200, CostUsd = 0.0045m },
            ],
            row!.AttemptRecords);
        Assert.Equal(0.0045m, row.CostUsd);
        Assert.Null(row.Warning);
    }

    [Fact]
    public async Task A_cut_streams_last_attempt_is_billed_the_output_counted_from_its_streamed_text()
    {
        // A retried stream cut before its final usage: the relay counted 150 output tokens from the text it streamed.
        // The row bills them, and so must the last attempt's record, or the attempts would not add up to the row.
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, Provider = "openai", ErrorType = ErrorTypes.UpstreamStreamCut };
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error" });
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, ProviderMayHaveBilled = true });
        exchange.ProviderMayHaveBilled = true;
        exchange.CountedOutputTokens = 150;

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        var cut = row!.AttemptRecords[1];
        Assert.Equal((150, 150), (row.OutputTokens, cut.OutputTokens));
        Assert.Equal((row.InputTokens, ErrorTypes.UpstreamStreamCut), (cut.InputTokens, cut.ErrorType));
        Assert.Equal(row.CostUsd, cut.CostUsd);
        Assert.Equal(row.CostUsd, row.AttemptRecords.Sum(attempt => attempt.CostUsd));
    }

    [Fact]
    public async Task A_single_recorded_attempt_is_the_row_itself_with_no_record_beneath_it()
    {
        // gpt-4o: 1,000 × 2.50 + 200 × 10 = 4,500 µ$.
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, ProviderMayHaveBilled = true };
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true });
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Equal((1, 0.0045m), (row!.Attempts, row.CostUsd));
        Assert.Empty(row.AttemptRecords);
    }

    [Fact]
    public async Task An_attempt_at_an_unpriced_model_makes_the_rows_cost_unknown()
    {
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, ProviderMayHaveBilled = true };
        exchange.AddAttempt(new UpstreamAttempt { Provider = "local", Model = "house-model-7b", Status = 200, Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true });
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true });
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        Assert.Null(row!.CostUsd);
        Assert.Equal([null, 0.0045m], row.AttemptRecords.Select(attempt => attempt.CostUsd));
        Assert.Contains("unknown price for model 'house-model-7b'", row.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_cut_off_after_sending_is_estimated_from_the_prompt_and_says_so()
    {
        var exchange = new TestExchange(Body, "gpt-4o") { Status = 200, ProviderMayHaveBilled = true };
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", ErrorType = ErrorTypes.UpstreamTimeout, ProviderMayHaveBilled = true });
        exchange.AddAttempt(new UpstreamAttempt { Provider = "openai", Model = "gpt-4o", Status = 200, Usage = new TokenUsage(1_000, 0, 0, 200), ProviderMayHaveBilled = true });
        exchange.Usage = new TokenUsage(1_000, 0, 0, 200);

        await Settler.SettleAsync(exchange);
        var row = await Storage.Ledger.GetAsync(exchange.RequestId);

        var timedOut = row!.AttemptRecords[0];
        Assert.True(timedOut.InputTokens > 5);
        Assert.Equal(timedOut.InputTokens * 2.5m / 1_000_000m, timedOut.CostUsd);
        Assert.Equal(timedOut.CostUsd + 0.0045m, row.CostUsd);
        Assert.Contains("attempt 1 estimated", row.Warning, StringComparison.Ordinal);
    }
}
