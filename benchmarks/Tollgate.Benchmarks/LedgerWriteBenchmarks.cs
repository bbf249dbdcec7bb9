using BenchmarkDotNet.Attributes;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded;

namespace Tollgate.Benchmarks;

/// <summary>
/// A durable ledger write on the embedded SQLite store (WAL, <c>synchronous=NORMAL</c>, group commit on one
/// writer thread): one caller awaiting its own commit, and 32 callers sharing commits. The row is the size of a
/// settled chat completion; one more case writes a row saved by three levers over three attempts. The crash-safe cases
/// write a hit's row as the settler does (journalled, committed off the caller's path) and read a row back after either write.
/// </summary>
[MemoryDiagnoser]
public class LedgerWriteBenchmarks
{
    private const int Concurrency = 32;

    private static readonly LeverSaving[] Savings =
    [
        new(Levers.Routing, 0.03m),
        new(Levers.PromptCache, 0.0049m),
        new(Levers.Batch, 0.00505m),
    ];

    private static readonly AttemptRecord[] AttemptRecords =
    [
        new() { Number = 1, Provider = "openai", Model = "gpt-4o", Status = 500, ErrorType = "api_error", CostUsd = 0m, LatencyMs = 40 },
        new() { Number = 2, Provider = "openai", Model = "gpt-4o", Status = 429, ErrorType = "rate_limit_error", CostUsd = 0m, LatencyMs = 12 },
        new() { Number = 3, Provider = "anthropic", Model = "claude-haiku-4-5", Status = 200, InputTokens = 14, OutputTokens = 61, CostUsd = 0.0000387m, LatencyMs = 300 },
    ];

    private readonly Task[] _writes = new Task[Concurrency];
    private string _directory = null!;
    private EmbeddedStorage _storage = null!;
    private ILedgerStore _ledger = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tollgate-bench-" + Guid.NewGuid().ToString("N"));
        _storage = EmbeddedStorage.Open(_directory);
        _ledger = _storage.Ledger;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "one write, awaited")]
    public async Task Single() => await _ledger.WriteAsync(NextEntry()).ConfigureAwait(false);

    [Benchmark(OperationsPerInvoke = Concurrency, Description = "32 concurrent writes (per write)")]
    public async Task Concurrent32()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _writes[i] = _ledger.WriteAsync(NextEntry()).AsTask();
        }

        await Task.WhenAll(_writes).ConfigureAwait(false);
    }

    [Benchmark(Description = "one write with 3 savings and 3 attempts, awaited")]
    public async Task SingleWithDetails() => await _ledger.WriteAsync(NextEntry() with
    {
        Savings = Savings,
        Attempts = 3,
        AttemptRecords = AttemptRecords,
    }).ConfigureAwait(false);

    [Benchmark(Description = "one crash-safe write (a hit's row: journalled, committed later), awaited")]
    public async Task SingleCrashSafe() => await _ledger.WriteAsync(NextEntry(), LedgerDurability.ProcessCrashSafe).ConfigureAwait(false);

    [Benchmark(Description = "one crash-safe write, then a read of its row (waits for its commit)")]
    public async Task<LedgerEntry?> CrashSafeThenRead()
    {
        var entry = NextEntry();
        await _ledger.WriteAsync(entry, LedgerDurability.ProcessCrashSafe).ConfigureAwait(false);
        return await _ledger.GetAsync(entry.RequestId).ConfigureAwait(false);
    }

    [Benchmark(Description = "one write, awaited, then a read of its row")]
    public async Task<LedgerEntry?> CommittedThenRead()
    {
        var entry = NextEntry();
        await _ledger.WriteAsync(entry).ConfigureAwait(false);
        return await _ledger.GetAsync(entry.RequestId).ConfigureAwait(false);
    }

    private LedgerEntry NextEntry()
    {
        var id = Interlocked.Increment(ref _next);
        return new LedgerEntry
        {
            RequestId = "req_bench_" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Timestamp = DateTimeOffset.UtcNow,
            Endpoint = "/v1/chat/completions",
            Provider = "openai",
            RequestedModel = "gpt-4o-mini",
            ServedModel = "gpt-4o-mini",
            InputTokens = 14,
            OutputTokens = 61,
            CostUsd = 0.0000387m,
            BaselineCostUsd = 0.0000387m,
            CacheStatus = "bypass",
            LatencyMs = 0.42,
            Status = 200,
            Attempts = 1,
        };
    }
}
