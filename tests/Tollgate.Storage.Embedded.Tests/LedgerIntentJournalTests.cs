using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;
using Tollgate.Testing;

namespace Tollgate.Storage.Embedded.Tests;

public sealed class LedgerIntentJournalTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static LedgerEntry Pending(string requestId) => new()
    {
        RequestId = requestId,
        Timestamp = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        Endpoint = "/v1/chat/completions",
        Provider = "openai",
        RequestedModel = "gpt-4o-mini",
        CacheStatus = "miss",
        Attempts = 1,
    };

    private static LedgerEntry Settled(string requestId) => Pending(requestId) with { Status = 200, CostUsd = 0.001m, BaselineCostUsd = 0.001m, OutputTokens = 7 };

    [Fact]
    public async Task A_pending_row_left_by_a_killed_process_becomes_an_interrupted_row()
    {
        // The first store is abandoned without disposal, as a killed process leaves its files.
        var crashed = EmbeddedStorage.Open(_directory.Path);
        await crashed.Ledger.WriteAsync(Pending("req_in_flight"));
        await crashed.Ledger.WriteAsync(Pending("req_done"));
        await crashed.Ledger.WriteAsync(Settled("req_done"));

        await using var restarted = EmbeddedStorage.Open(_directory.Path);
        Assert.True((await restarted.Ledger.GetAsync("req_in_flight"))!.IsPending);
        var recovered = await restarted.Ledger.RecoverInterruptedAsync();

        Assert.Equal(1, recovered);
        var interrupted = await restarted.Ledger.GetAsync("req_in_flight");
        Assert.Equal("gateway_interrupted", interrupted!.ErrorType);
        Assert.Equal("gpt-4o-mini", interrupted.RequestedModel);
        var done = await restarted.Ledger.GetAsync("req_done");
        Assert.Equal(200, done!.Status);
        Assert.Null(done.ErrorType);
    }

    [Fact]
    public async Task A_pending_row_reads_back_while_its_request_is_in_flight()
    {
        await using var storage = EmbeddedStorage.Open(_directory.Path);

        await storage.Ledger.WriteAsync(Pending("req_1"));

        Assert.True((await storage.Ledger.GetAsync("req_1"))!.IsPending);
        Assert.Equal(1, await storage.Ledger.CountAsync());
    }

    [Fact]
    public void Rolling_over_keeps_only_the_intents_still_open()
    {
        using var journal = new LedgerIntentJournal(_directory.Path, rollOverBytes: 16 * 1024);
        for (var i = 0; i < 1_000; i++)
        {
            journal.Append(Pending($"req_{i}"));
            if (i % 10 != 0)
            {
                journal.Committed(Settled($"req_{i}"));
            }
        }

        Assert.Single(journal.Files);
        // A thousand intents would take well over 200 KiB; rolled over, the file holds about the hundred still open.
        Assert.True(new FileInfo(journal.Files[0]).Length < 128 * 1024);
        var open = journal.TakeAll();
        Assert.Equal(100, open.Count);
        Assert.All(open, entry => Assert.EndsWith("0", entry.RequestId, StringComparison.Ordinal));
    }

    [Fact]
    public void A_settled_line_outlives_a_pending_line_of_its_request_whatever_their_order()
    {
        using (var journal = new LedgerIntentJournal(_directory.Path))
        {
            journal.Append(Pending("req_1"));
            journal.Append(Settled("req_1"));
            journal.Append(Settled("req_2"));
            journal.Append(Pending("req_2"));
        }

        using var reopened = new LedgerIntentJournal(_directory.Path);

        Assert.Equal([Settled("req_1"), Settled("req_2")], reopened.TakeAll().OrderBy(entry => entry.RequestId, StringComparer.Ordinal));
    }

    [Fact]
    public void A_committed_row_forgets_its_intent_but_not_a_row_of_its_request_journalled_after_it()
    {
        using var journal = new LedgerIntentJournal(_directory.Path);
        var first = Settled("req_1");
        var later = Settled("req_1") with { OutputTokens = 8 };
        journal.Append(Pending("req_1"));
        journal.Append(first);
        journal.Append(later);

        journal.Committed(first);
        Assert.Same(later, journal.Find("req_1"));

        journal.Committed(later);
        Assert.Null(journal.Find("req_1"));
    }

    [Fact]
    public void A_line_torn_by_a_crash_is_skipped()
    {
        using (var journal = new LedgerIntentJournal(_directory.Path))
        {
            journal.Append(Pending("req_whole"));
        }

        File.WriteAllText(Path.Combine(_directory.Path, "ledger-intents.00000099.jsonl"), "{\"request_id\":\"req_whole\"}\n{\"request_id\":\"req_torn\",\"timest");
        using var reopened = new LedgerIntentJournal(_directory.Path);

        var open = reopened.TakeAll();

        Assert.DoesNotContain(open, entry => entry.RequestId == "req_torn");
    }

    [Fact]
    public async Task A_cleanly_closed_store_leaves_no_journal_behind()
    {
        var storage = EmbeddedStorage.Open(_directory.Path);
        await storage.Ledger.WriteAsync(Pending("req_1"));
        await storage.Ledger.WriteAsync(Settled("req_1"));

        await storage.DisposeAsync();

        Assert.Empty(Directory.GetFiles(_directory.Path, "ledger-intents.*"));
    }
}
