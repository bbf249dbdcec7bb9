using Tollgate.Core.Feedback;
using Tollgate.Core.Ledger;
using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do for cost per usable output: the re-ask and validity columns read back,
/// the applications' feedback (an <see cref="IFeedbackStore"/> on the same data) read back as the row's
/// <see cref="LedgerEntry.Usable"/>, and the spend report's usable outputs, cost per usable output and waste rate.
/// </summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>Opens the feedback store kept beside this test's ledger, which the spend report reads; disposed with the test.</summary>
    protected abstract ValueTask<IFeedbackStore> OpenFeedbackStoreAsync();

    [Fact]
    public async Task A_re_ask_and_its_answers_validity_read_back()
    {
        var row = Settled("req_reask") with { AttemptOf = "req_second", TaskId = "req_first", Valid = false };

        await Store.WriteAsync(row);

        Assert.Equal(row, await Store.GetAsync("req_reask"));
    }

    [Fact]
    public async Task A_row_reads_back_usable_as_the_applications_last_word_says()
    {
        await Store.WriteAsync(Settled("req_1"));
        var feedback = await OpenFeedbackStoreAsync();

        await feedback.RecordAsync("req_1", usable: true, keyName: "backend");
        await feedback.RecordAsync("req_1", usable: false, keyName: "backend");

        Assert.False((await Store.GetAsync("req_1"))!.Usable);
    }

    [Fact]
    public async Task Spend_counts_usable_outputs_and_what_was_wasted_on_the_rest()
    {
        var feedback = await OpenFeedbackStoreAsync();
        await Store.WriteAsync(Settled("req_ok", 0.10m));
        await Store.WriteAsync(Settled("req_invalid", 0.20m) with { Valid = false });
        await Store.WriteAsync(Settled("req_first", 0.30m));
        await Store.WriteAsync(Settled("req_reask", 0.40m) with { AttemptOf = "req_first", TaskId = "req_first", Valid = true });
        await Store.WriteAsync(Settled("req_cut", 0.05m) with { ErrorType = "upstream_stream_cut" });
        await Store.WriteAsync(Settled("req_retried", 0.50m) with
        {
            Attempts = 2,
            AttemptRecords =
            [
                new AttemptRecord { Number = 1, Status = 200, ErrorType = "upstream_stream_cut", CostUsd = 0.06m },
                new AttemptRecord { Number = 2, Status = 200, CostUsd = 0.44m },
            ],
        });
        await Store.WriteAsync(Settled("req_disliked", 0.25m) with { Valid = true });
        await Store.WriteAsync(Settled("req_liked_invalid", 0.15m) with { Valid = false });
        await Store.WriteAsync(Settled("req_embedding", 0.01m) with { Endpoint = "/v1/embeddings" });
        await Store.WriteAsync(Pending("req_pending"));
        await feedback.RecordAsync("req_disliked", usable: false, keyName: "backend");
        await feedback.RecordAsync("req_liked_invalid", usable: true, keyName: "backend");

        var report = await SpendAsync(SpendGrouping.Feature);

        // Usable: req_ok, req_reask (the last of its task), req_retried (its answer; its cut first attempt is waste)
        // and req_liked_invalid (the application's word beats the check). Wasted: req_invalid 0.20, req_first 0.30 (re-asked),
        // req_cut 0.05 (failed), req_retried's first attempt 0.06, req_disliked 0.25 = 0.86 of 1.96.
        var spend = Assert.Single(report.Rows);
        Assert.Equal(
            (1.96m, 4L, 0.49m, 0.86m, 0.438776m),
            (spend.CostUsd, spend.UsableOutputs, spend.CostPerUsableOutputUsd, spend.WastedUsd, spend.WasteRate));
        Assert.Equal((4L, 0.49m, 0.438776m), (report.Totals.UsableOutputs, report.Totals.CostPerUsableOutputUsd, report.Totals.WasteRate));
    }

    [Fact]
    public async Task A_group_with_nothing_usable_has_no_cost_per_usable_output_and_wastes_everything()
    {
        await Store.WriteAsync(Settled("req_invalid", 0.20m) with { Valid = false, Feature = "labels" });
        await Store.WriteAsync(Settled("req_ok", 0.10m));

        var labels = (await SpendAsync(SpendGrouping.Feature)).Rows.Single(row => row.Group == "labels");

        Assert.Equal((0L, (decimal?)null, 0.20m, 1m), (labels.UsableOutputs, labels.CostPerUsableOutputUsd, labels.WastedUsd, labels.WasteRate));
    }
}
