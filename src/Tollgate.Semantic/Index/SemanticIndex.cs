using System.Collections.Concurrent;
using Tollgate.Core.Caching;

namespace Tollgate.Semantic.Index;

/// <summary>
/// The semantic cache's index: the last user message of every remembered request, as an int8 vector, by partition (a
/// <see cref="CacheKey"/> over everything else in the request, which must match exactly). A search scans one partition
/// with SIMD and returns the best few candidates above a threshold, so the guards can turn down the first and take the
/// next. Any number of searches run at once; changes take turns. Bounded: an entry leaves when it expires (searches
/// skip it at once; <see cref="RemoveExpired"/> frees it), when the cache forgets it (<see cref="Remove"/>: its entry
/// is gone or purged), and beyond <see cref="MaxEntries"/> nothing more is added until room is made.
/// </summary>
public sealed class SemanticIndex
{
    private readonly ConcurrentDictionary<CacheKey, SemanticIndexPartition> _partitions = new();
    private readonly ConcurrentDictionary<CacheKey, CacheKey> _partitionOf = new();
    private readonly Lock _changes = new();
    private readonly TimeProvider _time;

    /// <summary>An empty index of <paramref name="dimensions"/>-dimensional vectors holding at most <paramref name="maxEntries"/>.</summary>
    public SemanticIndex(int dimensions, int maxEntries = 1_000_000, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        Dimensions = dimensions;
        MaxEntries = maxEntries;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Dimensions of every vector in the index.</summary>
    public int Dimensions { get; }

    /// <summary>Most entries the index holds.</summary>
    public int MaxEntries { get; }

    /// <summary>Entries held, expired ones not yet removed included.</summary>
    public int Count => _partitionOf.Count;

    /// <summary>
    /// Indexes <paramref name="prompt"/> of the entry <paramref name="entryKey"/> in <paramref name="partition"/>,
    /// replacing what that entry had. Returns false, adding nothing, when the index is full even after removing
    /// expired entries, or when the entry has already expired.
    /// </summary>
    /// <exception cref="ArgumentException">The vector has other dimensions than the index.</exception>
    public bool Add(CacheKey partition, CacheKey entryKey, QuantizedVector vector, string prompt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (vector.Dimensions != Dimensions)
        {
            throw new ArgumentException($"The index holds {Dimensions}-dimensional vectors; got {vector.Dimensions}.", nameof(vector));
        }

        var now = _time.GetUtcNow();
        if (expiresAt <= now)
        {
            return false;
        }

        lock (_changes)
        {
            RemoveLocked(entryKey);
            if (_partitionOf.Count >= MaxEntries)
            {
                RemoveExpiredLocked(now.UtcTicks);
                if (_partitionOf.Count >= MaxEntries)
                {
                    return false;
                }
            }

            var home = _partitions.GetOrAdd(partition, _ => new SemanticIndexPartition(Dimensions));
            home.Add(entryKey, vector, prompt, expiresAt.UtcTicks);
            _partitionOf[entryKey] = partition;
            return true;
        }
    }

    /// <summary>Forgets the entry <paramref name="entryKey"/>; true when it was indexed.</summary>
    public bool Remove(CacheKey entryKey)
    {
        lock (_changes)
        {
            return RemoveLocked(entryKey);
        }
    }

    /// <summary>Forgets every entry that has expired; returns how many.</summary>
    public int RemoveExpired()
    {
        lock (_changes)
        {
            return RemoveExpiredLocked(_time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>Forgets everything (a purge of the whole cache).</summary>
    public void Clear()
    {
        lock (_changes)
        {
            _partitions.Clear();
            _partitionOf.Clear();
        }
    }

    /// <summary>
    /// Fills <paramref name="best"/> with the live entries of <paramref name="partition"/> whose similarity to
    /// <paramref name="query"/> is at least <paramref name="threshold"/>, most similar first; returns how many.
    /// </summary>
    public int Search(CacheKey partition, QuantizedVector query, float threshold, Span<SemanticCandidate> best)
    {
        if (query.Dimensions != Dimensions)
        {
            throw new ArgumentException($"The index holds {Dimensions}-dimensional vectors; got {query.Dimensions}.", nameof(query));
        }

        return best.IsEmpty || !_partitions.TryGetValue(partition, out var home)
            ? 0
            : home.Search(query, threshold, _time.GetUtcNow().UtcTicks, best);
    }

    /// <summary>Bytes held by the partitions' arrays (vectors, scales, keys, expiry), for reports.</summary>
    public long ArrayBytes()
    {
        long bytes = 0;
        foreach (var partition in _partitions.Values)
        {
            bytes += partition.ArrayBytes;
        }

        return bytes;
    }

    private bool RemoveLocked(CacheKey entryKey)
    {
        if (!_partitionOf.TryRemove(entryKey, out var partition) || !_partitions.TryGetValue(partition, out var home))
        {
            return false;
        }

        home.Remove(entryKey);
        if (home.Count == 0)
        {
            // A search holding this partition finds it empty; the next add makes a new one.
            _partitions.TryRemove(partition, out _);
        }

        return true;
    }

    private int RemoveExpiredLocked(long nowTicks)
    {
        var removed = 0;
        foreach (var home in _partitions.Values)
        {
            foreach (var key in home.Expired(nowTicks))
            {
                removed += RemoveLocked(key) ? 1 : 0;
            }
        }

        return removed;
    }
}
