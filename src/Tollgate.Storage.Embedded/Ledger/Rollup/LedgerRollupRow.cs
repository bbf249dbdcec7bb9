using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Ledger.Rollup;

/// <summary>
/// What one settled row adds to the hourly rollup: the same sums <see cref="LedgerSpendQuery"/> makes of it, under each
/// grouping's group, with its usable output and waste as known when it settled (no feedback, not re-asked: the reads
/// correct those from the rows that have either).
/// </summary>
internal static class LedgerRollupRow
{
    private static readonly string[] ColumnGroupings =
        [SpendGroupings.Name(SpendGrouping.Feature), SpendGroupings.Name(SpendGrouping.User), SpendGroupings.Name(SpendGrouping.Model),
         SpendGroupings.Name(SpendGrouping.Key), SpendGroupings.Name(SpendGrouping.Team)];

    private static readonly string LeverGrouping = SpendGroupings.Name(SpendGrouping.Lever);

    // The histogram's lower edges as the rollup names its groups, made once.
    private static readonly string[] TokenBuckets = [.. TokenHistogram.Edges.Select(edge => edge.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The token histogram's grouping: a row counts once, under its bucket's lower edge (<see cref="TokenHistogram.Edges"/>).</summary>
    public const string TokensGrouping = "tokens";

    /// <summary>
    /// The minutes' grouping: per minute of arrival (its group the null group, its hour the timestamp's first 16
    /// characters), the requests and the largest cost of a row counted (<see cref="SpendSums.Peak"/>, taken back or not:
    /// at least the cost of every row it holds), by which the costliest requests skip the minutes that cannot place one.
    /// </summary>
    public const string MinuteGrouping = "minute";

    /// <summary>The histogram bucket of a row's tokens (input + output): the last whose lower edge is at most them.</summary>
    public static int TokenBucket(long tokens)
    {
        var edges = TokenHistogram.Edges;
        for (var i = 1; i < edges.Count; i++)
        {
            if (tokens < edges[i])
            {
                return i - 1;
            }
        }

        return edges.Count - 1;
    }

    // The last hour and minute named: the rows counted together (a batch, a backfill) are mostly of one hour, named once.
    private static PeriodText? s_lastHour;
    private static PeriodText? s_lastMinute;

    /// <summary>The rollup's hour of an instant: the first 13 characters of its stored timestamp.</summary>
    public static string Hour(DateTimeOffset instant) => Name(instant, TimeSpan.TicksPerHour, 13, ref s_lastHour);

    /// <summary>The rollup's minute of an instant (<see cref="MinuteGrouping"/>): the first 16 characters of its stored timestamp.</summary>
    public static string Minute(DateTimeOffset instant) => Name(instant, TimeSpan.TicksPerMinute, 16, ref s_lastMinute);

    private static string Name(DateTimeOffset instant, long ticksPerPeriod, int length, ref PeriodText? lastNamed)
    {
        var period = instant.UtcTicks / ticksPerPeriod;
        if (Volatile.Read(ref lastNamed) is { } last && last.Period == period)
        {
            return last.Text;
        }

        var text = SqliteTimestamp.Format(instant)[..length];
        Volatile.Write(ref lastNamed, new PeriodText(period, text));
        return text;
    }

    /// <summary>Adds the row's sums, times <paramref name="sign"/> (1 to add it, −1 to take it back), to every bucket it falls in.</summary>
    public static void AddTo(Dictionary<LedgerRollupKey, SpendSums> buckets, LedgerEntry entry, int sign)
    {
        if (entry.IsPending)
        {
            return; // a pending row counts once, when it settles
        }

        var hour = Hour(entry.Timestamp);
        var sums = Sums(entry, saving: Saving(entry, Levers.Discount));
        if (sign < 0)
        {
            sums = -sums;
        }

        Add(buckets, new LedgerRollupKey(ColumnGroupings[0], hour, entry.Feature), sums);
        Add(buckets, new LedgerRollupKey(ColumnGroupings[1], hour, entry.User), sums);
        Add(buckets, new LedgerRollupKey(ColumnGroupings[2], hour, entry.ServedModel ?? entry.RequestedModel), sums);
        Add(buckets, new LedgerRollupKey(ColumnGroupings[3], hour, entry.KeyName), sums);
        Add(buckets, new LedgerRollupKey(ColumnGroupings[4], hour, entry.Team), sums);

        foreach (var tag in entry.Tags)
        {
            Add(buckets, new LedgerRollupKey(SpendGroupings.TagPrefix + tag.Key, hour, tag.Value), sums);
        }

        Add(buckets, new LedgerRollupKey(TokensGrouping, hour, TokenBuckets[TokenBucket(entry.InputTokens + entry.OutputTokens)]), new SpendSums { Requests = sign });
        Add(buckets, new LedgerRollupKey(MinuteGrouping, Minute(entry.Timestamp), null), new SpendSums { Requests = sign, Peak = entry.CostUsd ?? 0m });

        // By lever: once per saving, with that lever's own saving; a row no lever acted on once, under its cache lever
        // when it was a hit (its saving unknown), else in the null group.
        if (entry.Savings.Count == 0)
        {
            Add(buckets, new LedgerRollupKey(LeverGrouping, hour, HitLever(entry.CacheStatus)), sums with { Saving = 0m });
            return;
        }

        foreach (var saving in entry.Savings)
        {
            var amount = entry.CostUsd is null ? 0m : saving.SavedUsd;
            Add(buckets, new LedgerRollupKey(LeverGrouping, hour, saving.Lever), sums with { Saving = sign < 0 ? -amount : amount });
        }
    }

    /// <summary>The sums of one row, its saving given (none counts beside an unknown cost).</summary>
    private static SpendSums Sums(LedgerEntry entry, decimal saving)
    {
        var priced = entry.CostUsd is { } cost;
        var costUsd = entry.CostUsd ?? 0m;
        return new SpendSums(
            Requests: 1,
            entry.InputTokens,
            entry.CachedInputTokens,
            entry.CacheWriteTokens,
            entry.OutputTokens,
            Cost: costUsd,
            Baseline: priced ? entry.BaselineCostUsd ?? costUsd : 0m,
            Saving: priced ? saving : 0m,
            Unpriced: priced ? 0 : 1,
            Hits: IsHit(entry.CacheStatus) ? 1 : 0,
            UsableOutputs: IsGeneration(entry) && Succeeded(entry.Status, entry.ErrorType) && entry.Valid != false ? 1 : 0,
            Wasted: priced ? Wasted(entry) : 0m);
    }

    // As LedgerSpendQuery's waste, for a row nobody has judged and nothing re-asked: all of the cost of a request that
    // failed or of a generation whose output broke its schema; else the failed attempts before its answer.
    private static decimal Wasted(LedgerEntry entry)
    {
        if (!Succeeded(entry.Status, entry.ErrorType) || (IsGeneration(entry) && entry.Valid == false))
        {
            return entry.CostUsd ?? 0m;
        }

        var wasted = 0m;
        if (entry.Attempts > 1)
        {
            foreach (var attempt in entry.AttemptRecords)
            {
                if (!Succeeded(attempt.Status, attempt.ErrorType))
                {
                    wasted += attempt.CostUsd ?? 0m;
                }
            }
        }

        return wasted;
    }

    private static decimal Saving(LedgerEntry entry, string lever)
    {
        foreach (var saving in entry.Savings)
        {
            if (saving.Lever == lever)
            {
                return saving.SavedUsd;
            }
        }

        return 0m;
    }

    private static void Add(Dictionary<LedgerRollupKey, SpendSums> buckets, LedgerRollupKey key, SpendSums sums)
    {
        ref var bucket = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out _);
        bucket += sums;
    }

    private static bool Succeeded(int status, string? errorType) => status is >= 200 and <= 299 && errorType is null;

    private static bool IsGeneration(LedgerEntry entry) => entry.Endpoint is "/v1/chat/completions" or "/v1/messages" or "/v1/responses";

    private static bool IsHit(string cacheStatus) => cacheStatus is CacheStatuses.Hit or CacheStatuses.SemanticHit or CacheStatuses.Coalesced;

    private static string? HitLever(string cacheStatus) => cacheStatus switch
    {
        CacheStatuses.Hit => Levers.Exact,
        CacheStatuses.SemanticHit => Levers.Semantic,
        CacheStatuses.Coalesced => Levers.Coalesced,
        _ => null,
    };

    private sealed record PeriodText(long Period, string Text);
}
