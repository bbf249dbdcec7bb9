using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>What every <see cref="ILedgerStore"/> must do to read a row back whole, its savings and attempt records included.</summary>
public abstract partial class LedgerStoreContract
{
    [Fact]
    public async Task A_written_row_reads_back_with_every_field_intact()
    {
        var entry = new LedgerEntry
        {
            RequestId = "req_all_fields",
            Timestamp = new DateTimeOffset(2025, 3, 1, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567),
            KeyName = "backend",
            User = "alice",
            Feature = "search",
            Team = "core",
            Endpoint = "/v1/messages",
            Provider = "anthropic",
            RequestedModel = "claude-sonnet-4-5",
            ServedModel = "claude-sonnet-4-5-20250929",
            Stream = true,
            InputTokens = 1_234_567_890_123,
            CachedInputTokens = 1_000,
            CacheWriteTokens = 200,
            CacheWrite1hTokens = 150,
            OutputTokens = 345,
            CostUsd = 0.012345m,
            BaselineCostUsd = 0.0456m,
            CacheStatus = "miss",
            Lever = "prompt-cache",
            TaskType = "summarization",
            WorkloadClass = "deferred",
            LatencyMs = 812.25,
            TimeToFirstTokenMs = 95.5,
            Savings = [new LeverSaving("routing", 0.0301m), new LeverSaving("prompt-cache", 0.00265m), new LeverSaving("batch", -0.0000000001m)],
            Status = 200,
            Attempts = 2,
            AttemptRecords =
            [
                new AttemptRecord { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 529, ErrorType = "overloaded_error", CostUsd = 0m, LatencyMs = 40.5 },
                new AttemptRecord
                {
                    Number = 2, Provider = "anthropic", Model = "claude-sonnet-4-5-20250929", Status = 200, InputTokens = 1_234_567_890_123,
                    CachedInputTokens = 1_000, CacheWriteTokens = 200, CacheWrite1hTokens = 150, OutputTokens = 345, CostUsd = 0.012345m,
                    LatencyMs = 771.75,
                },
            ],
            ErrorType = null,
            Warning = "price of claude-sonnet-4-5-20250929 taken from claude-sonnet-4-5",
            Usable = false,
            OutputCapped = true,
        };

        await Store.WriteAsync(entry);

        Assert.Equal(entry, await Store.GetAsync("req_all_fields"));
    }

    [Fact]
    public async Task A_charged_back_hits_charge_reads_back_and_a_row_without_one_has_none()
    {
        await Store.WriteAsync(Settled("req_charged") with { CacheStatus = "hit", CostUsd = 0m, BaselineCostUsd = 0.0123456789m, ChargedUsd = 0.0123456789m });
        await Store.WriteAsync(Settled("req_uncharged"));

        Assert.Equal(0.0123456789m, (await Store.GetAsync("req_charged"))!.ChargedUsd);
        Assert.Null((await Store.GetAsync("req_uncharged"))!.ChargedUsd);
    }

    [Fact]
    public async Task Whether_an_output_cap_cut_the_answer_reads_back_either_way()
    {
        await Store.WriteAsync(Settled("req_capped") with { OutputCapped = true });
        await Store.WriteAsync(Settled("req_uncapped"));

        Assert.True((await Store.GetAsync("req_capped"))!.OutputCapped);
        Assert.False((await Store.GetAsync("req_uncapped"))!.OutputCapped);
    }

    [Fact]
    public async Task A_row_without_savings_or_attempt_records_reads_back_with_empty_lists_and_nothing_made_up()
    {
        // Two attempts counted but none recorded (an earlier version's row, say): no record is synthesised.
        await Store.WriteAsync(Settled("req_plain") with { Attempts = 2, Lever = "routing" });

        var row = await Store.GetAsync("req_plain");

        Assert.Empty(row!.Savings);
        Assert.Empty(row.AttemptRecords);
        Assert.Equal((2, "routing"), (row.Attempts, row.Lever));
    }

    [Fact]
    public async Task A_single_attempt_record_written_is_read_back()
    {
        var entry = Settled("req_one_attempt") with { AttemptRecords = [new AttemptRecord { Number = 1, Provider = "openai", Status = 200, CostUsd = 0.01m }] };

        await Store.WriteAsync(entry);

        Assert.Equal(entry, await Store.GetAsync("req_one_attempt"));
    }

    [Fact]
    public async Task Savings_and_attempt_records_keep_the_order_they_were_written_in()
    {
        var entry = Settled("req_order") with
        {
            Savings = [new LeverSaving("semantic", 0.5m), new LeverSaving("batch", 0.1m), new LeverSaving("degrade", 0.2m)],
            AttemptRecords = [new AttemptRecord { Number = 1, Status = 500 }, new AttemptRecord { Number = 2, Status = 429 }, new AttemptRecord { Number = 3, Status = 200 }],
        };

        await Store.WriteAsync(entry);
        var row = await Store.GetAsync("req_order");

        Assert.Equal(["semantic", "batch", "degrade"], row!.Savings.Select(saving => saving.Lever));
        Assert.Equal([500, 429, 200], row.AttemptRecords.Select(attempt => attempt.Status));
    }

    [Fact]
    public async Task Rewriting_a_row_replaces_its_savings_and_attempt_records()
    {
        await Store.WriteAsync(Settled("req_rewritten") with
        {
            Savings = [new LeverSaving("routing", 1m), new LeverSaving("batch", 2m)],
            AttemptRecords = [new AttemptRecord { Number = 1, Status = 500 }, new AttemptRecord { Number = 2, Status = 200 }],
        });
        var rewritten = Settled("req_rewritten") with { Savings = [new LeverSaving("exact", 3m)] };

        await Store.WriteAsync(rewritten);

        Assert.Equal(rewritten, await Store.GetAsync("req_rewritten"));
    }

    [Fact]
    public async Task Rewriting_a_row_without_details_drops_the_old_ones()
    {
        await Store.WriteAsync(Settled("req_rewritten") with
        {
            Savings = [new LeverSaving("routing", 1m)],
            AttemptRecords = [new AttemptRecord { Number = 1, Status = 500 }, new AttemptRecord { Number = 2, Status = 200 }],
        });

        await Store.WriteAsync(Settled("req_rewritten"));

        Assert.Equal(Settled("req_rewritten"), await Store.GetAsync("req_rewritten"));
    }

    [Fact]
    public async Task Savings_and_attempts_neither_change_spend_nor_count_a_request_twice()
    {
        await Store.WriteAsync(Settled("req_saved", cost: 1m) with
        {
            BaselineCostUsd = 4m,
            Savings = [new LeverSaving("discount", 0.5m), new LeverSaving("routing", 1.5m), new LeverSaving("batch", 1m)],
            AttemptRecords = [new AttemptRecord { Number = 1, CostUsd = 0.25m }, new AttemptRecord { Number = 2, CostUsd = 0.75m }],
        });
        await Store.WriteAsync(Settled("req_plain", cost: 2m));

        var spend = Assert.Single((await SpendAsync(SpendGrouping.Feature)).Rows);

        // Saved is baseline − cost − discount: 6 − 3 − 0.5.
        Assert.Equal((2L, 200L, 3m, 6m, 2.5m, 0.5m), (spend.Requests, spend.InputTokens, spend.CostUsd, spend.BaselineCostUsd, spend.SavedUsd, spend.DiscountUsd));
    }

    [Fact]
    public async Task Recovery_leaves_the_savings_and_attempts_of_settled_rows_alone()
    {
        var settled = Settled("req_settled") with
        {
            Savings = [new LeverSaving("routing", 1m)],
            AttemptRecords = [new AttemptRecord { Number = 1, Status = 500 }, new AttemptRecord { Number = 2, Status = 200 }],
        };
        await Store.WriteAsync(Pending("req_in_flight"));
        await Store.WriteAsync(settled);

        await Store.RecoverInterruptedAsync();

        Assert.Equal(settled, await Store.GetAsync("req_settled"));
    }
}
