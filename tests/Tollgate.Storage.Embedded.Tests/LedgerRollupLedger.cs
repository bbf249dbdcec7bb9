using Tollgate.Core.Exchange;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Ledger;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// A generated ledger for the rollup's tests, written through the store as the gateway writes it: hits and misses,
/// unpriced rows, savings of several levers, tags, failed and retried requests, rows pending then settled, pending rows
/// recovered as interrupted, settled rows rewritten with new figures, re-asks, and feedback given after settlement,
/// at instants in several time zones over about two days.
/// </summary>
internal static class LedgerRollupLedger
{
    /// <summary>The first instant a row may have.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>After every row.</summary>
    public static readonly DateTimeOffset End = Start.AddHours(52);

    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, new(5, 30, 0), new(-3, 0, 0), new(9, 45, 0), new(-9, 30, 0)];
    private static readonly string?[] Features = [null, "search", "chat", "summarize"];
    private static readonly string?[] Users = [null, "ana", "bo", "cy", "dee"];
    private static readonly string?[] Teams = [null, "core", "growth"];
    private static readonly string?[] Keys = [null, "backend", "batch"];
    private static readonly string?[] Models = [null, "gpt-4o-mini", "gpt-4o", "claude-haiku-4-5"];
    private static readonly string[] Endpoints = ["/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/embeddings"];
    private static readonly string[] CacheStatusChoices = [CacheStatuses.Miss, CacheStatuses.Miss, CacheStatuses.Hit, CacheStatuses.SemanticHit, CacheStatuses.Coalesced, CacheStatuses.Bypass];
    private static readonly string[] SavingLevers = [Levers.Routing, Levers.Discount, Levers.OutputCap, Levers.PromptCache];

    /// <summary>
    /// Writes about <paramref name="rows"/> rows, and feedback on some, into <paramref name="storage"/>; calls
    /// <paramref name="between"/> (a rollup flush, say) every hundred rows or so and between the later rewrites, so that
    /// rows are rewritten both above and below the rollup's watermark.
    /// </summary>
    public static async Task WriteAsync(EmbeddedStorage storage, int seed, int rows, Action? between = null)
    {
        var random = new Random(seed);
        var ledger = storage.Ledger;
        var ids = new List<string>();
        var settleLater = new List<LedgerEntry>();
        var rewriteLater = new List<LedgerEntry>();
        for (var i = 0; i < rows; i++)
        {
            var entry = Row(random, $"req_{seed}_{i:d4}", ids);
            ids.Add(entry.RequestId);
            if (i % 97 == 50)
            {
                await ((SqliteLedgerStore)ledger).FlushAsync();
                between?.Invoke();
            }

            switch (random.Next(20))
            {
                case 0 or 1:
                    // Pending (in the journal) now, settled later.
                    await ledger.WriteAsync(entry with { Status = 0, ErrorType = null });
                    settleLater.Add(entry);
                    break;
                case 2:
                    // Pending when the process "stops": recovered below as an interrupted row.
                    await ledger.WriteAsync(entry with { Status = 0, ErrorType = null });
                    break;
                case 3 or 4:
                    // Settled, then rewritten with its final figures (a background response's usage, say).
                    await ledger.WriteAsync(entry);
                    rewriteLater.Add(Row(random, entry.RequestId, ids));
                    break;
                default:
                    await ledger.WriteAsync(entry, random.Next(2) == 0 ? LedgerDurability.Committed : LedgerDurability.ProcessCrashSafe);
                    break;
            }
        }

        await ledger.RecoverInterruptedAsync();
        between?.Invoke();
        var later = settleLater.Concat(rewriteLater).ToList();
        for (var i = 0; i < later.Count; i++)
        {
            await ledger.WriteAsync(later[i]);
            if (i == later.Count / 2)
            {
                between?.Invoke();
            }
        }

        // An interrupted row may settle after all (its response's usage arrives late).
        foreach (var id in ids.Where(_ => random.Next(40) == 0))
        {
            await ledger.WriteAsync(Row(random, id, ids));
        }

        // Feedback after settlement, some of it changing its mind.
        foreach (var id in ids.Where(_ => random.Next(6) == 0))
        {
            await storage.Feedback.RecordAsync(id, random.Next(2) == 0, keyName: null);
            if (random.Next(4) == 0)
            {
                await storage.Feedback.RecordAsync(id, random.Next(2) == 0, keyName: null);
            }
        }

        await ((SqliteLedgerStore)ledger).FlushAsync();
    }

    private static LedgerEntry Row(Random random, string id, List<string> earlier)
    {
        var priced = random.Next(8) != 0;
        decimal? cost = priced ? decimal.Round((decimal)random.NextDouble() / 10, random.Next(2, 14)) : null;
        var cacheStatus = Pick(random, CacheStatusChoices);
        var status = Pick(random, [200, 200, 200, 200, 500, 429]);
        var attempts = cacheStatus is CacheStatuses.Miss or CacheStatuses.Bypass ? random.Next(1, 4) : 0;
        return new LedgerEntry
        {
            RequestId = id,
            Timestamp = Start.AddTicks(random.NextInt64(TimeSpan.FromHours(50).Ticks)).ToOffset(Pick(random, Offsets)),
            KeyName = Pick(random, Keys),
            User = Pick(random, Users),
            Feature = Pick(random, Features),
            Team = Pick(random, Teams),
            Tags = Tags(random),
            Endpoint = Pick(random, Endpoints),
            Provider = "openai",
            RequestedModel = Pick(random, Models),
            ServedModel = random.Next(3) == 0 ? null : Pick(random, Models),
            InputTokens = random.Next(1, 5_000),
            CachedInputTokens = random.Next(0, 100),
            CacheWriteTokens = random.Next(0, 50),
            OutputTokens = random.Next(0, 800),
            CostUsd = cost,
            BaselineCostUsd = cost is { } known && random.Next(3) != 0 ? known + decimal.Round((decimal)random.NextDouble(), 9) : null,
            CacheStatus = cacheStatus,
            Savings = Savings(random, cacheStatus, priced),
            Status = status,
            ErrorType = status == 200 ? (random.Next(15) == 0 ? "stream_error" : null) : "upstream_error",
            Attempts = attempts,
            AttemptRecords = Attempts(random, attempts),
            Valid = Pick<bool?>(random, [null, null, true, false]),
            AttemptOf = earlier.Count > 0 && random.Next(8) == 0 ? earlier[random.Next(earlier.Count)] : null,
        };
    }

    private static RequestTags Tags(Random random)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (random.Next(3) != 0)
        {
            pairs.Add(new("project", Pick(random, ["atlas", "borealis"])));
        }

        if (random.Next(2) == 0)
        {
            pairs.Add(new("env", Pick(random, ["prod", "dev"])));
        }

        return pairs.Count == 0 ? RequestTags.Empty : RequestTags.Create(pairs);
    }

    private static List<LeverSaving> Savings(Random random, string cacheStatus, bool priced)
    {
        var savings = new List<LeverSaving>();
        if (cacheStatus != CacheStatuses.Miss && cacheStatus != CacheStatuses.Bypass && priced && random.Next(4) != 0)
        {
            var lever = cacheStatus == CacheStatuses.Hit ? Levers.Exact : cacheStatus == CacheStatuses.SemanticHit ? Levers.Semantic : Levers.Coalesced;
            savings.Add(new LeverSaving(lever, decimal.Round((decimal)random.NextDouble(), 8)));
        }

        foreach (var lever in SavingLevers)
        {
            if (random.Next(5) == 0)
            {
                savings.Add(new LeverSaving(lever, decimal.Round((decimal)random.NextDouble() / 100, random.Next(1, 12))));
            }
        }

        return savings;
    }

    private static List<AttemptRecord> Attempts(Random random, int attempts)
    {
        var records = new List<AttemptRecord>();
        for (var number = 1; number <= attempts && attempts > 1; number++)
        {
            var failed = number < attempts || random.Next(3) == 0;
            records.Add(new AttemptRecord
            {
                Number = number,
                Provider = "openai",
                Model = "gpt-4o",
                Status = failed ? 500 : 200,
                ErrorType = failed && random.Next(2) == 0 ? "upstream_error" : null,
                InputTokens = 10,
                OutputTokens = 5,
                CostUsd = random.Next(5) == 0 ? null : decimal.Round((decimal)random.NextDouble() / 50, 10),
            });
        }

        return records;
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
