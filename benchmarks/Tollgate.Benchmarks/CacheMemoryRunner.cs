using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;
using Tollgate.Gateway.Protocols.Answers;
using Tollgate.Storage.Embedded.Caching;

namespace Tollgate.Benchmarks;

/// <summary>
/// What the embedded response cache holds for many entries: stores N typical entries (a short chat completion, or the
/// same answer as the provider streams it, a chunk per word) through <see cref="SqliteCacheStore.PutAsync"/>, as the
/// cache writer does, and reports the managed heap's growth (<see cref="GC.GetTotalMemory(bool)"/> after full
/// collections), the store's own count of what it keeps in memory, and the size of the SQLite file. Run once with a
/// memory bound that holds every entry (the cost of keeping them all in memory) and once with the default bound.
/// </summary>
internal static class CacheMemoryRunner
{
    public const string Command = "cache-memory";

    private const long AllInMemory = 4L * 1024 * 1024 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var count = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var body = Payloads.ShortChatCompletionResponse;
        var stream = Payloads.ShortChatCompletionStream;
        if (!AnswerForms.Inspect(ExchangeOperation.ChatCompletions, stream, isEventStream: true).Storable)
        {
            throw new InvalidOperationException("The stream is not one the cache would store.");
        }

        var md = new StringBuilder();
        md.AppendLine(Invariant($"Entries: {count:N0}; answer: a chat completion of {body.Length} B, or its stream of {AnswerForms.SplitEvents(stream).Count} events, {stream.Length} B"));
        md.AppendLine();
        md.AppendLine("| answer | memory bound | entries in memory | bytes the store counts in memory | managed heap growth | per entry | file (cache.db, after close) | per entry | time to store |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (label, bytes, isStream) in new[] { ("whole", body, false), ("stream", stream, true) })
        {
            foreach (var limit in new[] { AllInMemory, Gateway.CacheOptions.DefaultMemoryLimitBytes })
            {
                md.AppendLine(await MeasureAsync(label, bytes, isStream, count, limit).ConfigureAwait(false));
            }
        }

        Console.Out.Write(md.ToString());
        return 0;
    }

    private static async Task<string> MeasureAsync(string label, byte[] answer, bool isStream, int count, long limit)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tollgate-cache-memory-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = SqliteCacheStore.Open(directory, new EmbeddedCacheOptions { MemoryLimitBytes = limit });
            var heapBefore = FullyCollectedHeap();
            var started = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            var team = "support";
            for (var i = 0; i < count; i++)
            {
                await store.PutAsync(Entry(i, answer, isStream, team, now)).ConfigureAwait(false);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var heapGrowth = FullyCollectedHeap() - heapBefore;
            var (inMemory, memoryBytes) = (store.Memory.Count, store.Memory.Bytes);
            var path = store.DatabasePath;
            store.Dispose();
            var file = new FileInfo(path).Length + SizeIfAny(path + "-wal");
            return Invariant($"| {label} | {Mib(limit)} | {inMemory:N0} | {Mib(memoryBytes)} | {Mib(heapGrowth)} | {(inMemory == 0 ? "–" : Invariant($"{heapGrowth / inMemory:N0} B"))} | {Mib(file)} | {file / count:N0} B | {elapsed.TotalSeconds:0.0} s |");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>An entry as the cache writer makes one: its own copy of the answer, a stream split into its events, texts of its own.</summary>
    private static CacheEntry Entry(int index, byte[] answer, bool isStream, string team, DateTimeOffset now)
    {
        var own = answer.AsMemory().ToArray();
        return new CacheEntry
        {
            Key = CacheKey.Of(BitConverter.GetBytes(index)),
            Scope = "team:" + team,
            Feature = string.Concat("support-", "bot"),
            Model = string.Concat("gpt-4o-mini-", "2024-07-18"),
            Protocol = WireProtocol.OpenAI,
            Status = 200,
            ContentType = isStream ? "text/event-stream; charset=utf-8" : "application/json",
            Body = isStream ? ReadOnlyMemory<byte>.Empty : own,
            Events = isStream ? AnswerForms.SplitEvents(own) : null,
            CreatedAt = now,
            ExpiresAt = now.AddDays(7),
        };
    }

    private static long FullyCollectedHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long SizeIfAny(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static string Mib(long bytes) => Invariant($"{bytes / (1024.0 * 1024):0.0} MiB");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
