using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>
/// How durable the settler asks each settled row to be: against a crash of the process (its commit comes later, off the
/// response's path), whether the answer was made without an upstream call or came from one; either reads back at once.
/// </summary>
public sealed class LedgerSettlerDurabilityTests : IAsyncLifetime
{
    private const string Body = """{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"How durable is this row?"}]}""";
    private readonly TemporaryStorage _storage = new();
    private RecordingLedger _ledger = null!;
    private LedgerSettler _settler = null!;

    public Task InitializeAsync()
    {
        _ledger = new RecordingLedger(_storage.Ledger);
        _settler = new LedgerSettler(_ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Theory]
    [InlineData(Levers.Exact)]
    [InlineData(Levers.Semantic)]
    [InlineData(Levers.Coalesced)]
    public async Task An_answer_made_without_an_upstream_call_is_written_crash_safe_and_reads_back_at_once(string lever)
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Status = 200, AnsweredBy = lever };
        exchange.Usage = new TokenUsage(1_234, 0, 0, 567);

        await _settler.SettleAsync(exchange);

        Assert.Equal([(exchange.RequestId, LedgerDurability.ProcessCrashSafe)], _ledger.Writes);
        Assert.Equal(lever, (await _storage.Ledger.GetAsync(exchange.RequestId))!.Lever);
    }

    [Fact]
    public async Task A_row_for_an_upstream_call_is_written_crash_safe_after_its_pending_row_and_reads_back_settled()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(1_234, 0, 0, 567);
        await _settler.RecordPendingAsync(exchange);

        await _settler.SettleAsync(exchange);

        Assert.Equal([(exchange.RequestId, LedgerDurability.Committed), (exchange.RequestId, LedgerDurability.ProcessCrashSafe)], _ledger.Writes);
        var row = await _storage.Ledger.GetAsync(exchange.RequestId);
        Assert.Equal((false, 1_234L, 567L), (row!.IsPending, row.InputTokens, row.OutputTokens));
    }

    /// <summary>The embedded ledger, noting the durability each write asked for.</summary>
    private sealed class RecordingLedger(ILedgerStore inner) : ILedgerStore
    {
        public List<(string RequestId, LedgerDurability Durability)> Writes { get; } = [];

        public ValueTask WriteAsync(LedgerEntry entry, CancellationToken cancellationToken = default) =>
            WriteAsync(entry, LedgerDurability.Committed, cancellationToken);

        public ValueTask WriteAsync(LedgerEntry entry, LedgerDurability durability, CancellationToken cancellationToken = default)
        {
            Writes.Add((entry.RequestId, durability));
            return inner.WriteAsync(entry, durability, cancellationToken);
        }

        public ValueTask<int> RecoverInterruptedAsync(CancellationToken cancellationToken = default) => inner.RecoverInterruptedAsync(cancellationToken);

        public ValueTask<LedgerEntry?> GetAsync(string requestId, CancellationToken cancellationToken = default) => inner.GetAsync(requestId, cancellationToken);

        public ValueTask<SpendReport> GetSpendAsync(SpendQuery query, CancellationToken cancellationToken = default) => inner.GetSpendAsync(query, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerEntry>> GetCostliestAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken = default) => inner.GetCostliestAsync(since, until, limit, cancellationToken);

        public ValueTask<IReadOnlyList<UnpricedModel>> GetUnpricedModelsAsync(CancellationToken cancellationToken = default) => inner.GetUnpricedModelsAsync(cancellationToken);

        public ValueTask<SpendTimeline> GetSpendTimelineAsync(SpendTimelineQuery query, CancellationToken cancellationToken = default) => inner.GetSpendTimelineAsync(query, cancellationToken);

        public ValueTask<TokenHistogram> GetTokenHistogramAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            inner.GetTokenHistogramAsync(since, until, cancellationToken);

        public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);
    }
}
