using Tollgate.Core.Caching;

namespace Tollgate.Semantic.Index;

/// <summary>
/// The prompts of one partition, in parallel arrays so a scan reads the vectors as one contiguous block. Readers share
/// a read lock; a writer (one at a time, <see cref="SemanticIndex"/> sees to that) takes the write lock for the few
/// instructions a change needs. Removal moves the last slot into the gap, so the block stays dense.
/// </summary>
internal sealed class SemanticIndexPartition(int dimensions)
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<CacheKey, int> _slots = [];
    private readonly int _signWords = QuantizedVector.SignWords(dimensions);
    private sbyte[] _vectors = [];
    private ulong[] _signs = [];
    private float[] _scales = [];
    private CacheKey[] _keys = [];
    private string[] _prompts = [];
    private long[] _expiresAt = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes the partition's arrays hold (capacity, not count).</summary>
    public long ArrayBytes => (long)_vectors.Length + ((long)_signs.Length * sizeof(ulong)) + (_scales.Length * (sizeof(float) + sizeof(long) + CacheKey.Length + IntPtr.Size));

    public void Add(CacheKey entryKey, QuantizedVector vector, string prompt, long expiresAtTicks)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_count == _scales.Length)
            {
                Grow();
            }

            var slot = _count;
            vector.Values.AsSpan().CopyTo(_vectors.AsSpan(slot * dimensions, dimensions));
            vector.Signs.AsSpan().CopyTo(_signs.AsSpan(slot * _signWords, _signWords));
            _scales[slot] = vector.Scale;
            _keys[slot] = entryKey;
            _prompts[slot] = prompt;
            _expiresAt[slot] = expiresAtTicks;
            _slots[entryKey] = slot;
            _count = slot + 1;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(CacheKey entryKey)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.Remove(entryKey, out var slot))
            {
                return false;
            }

            var last = _count - 1;
            if (slot != last)
            {
                _vectors.AsSpan(last * dimensions, dimensions).CopyTo(_vectors.AsSpan(slot * dimensions, dimensions));
                _signs.AsSpan(last * _signWords, _signWords).CopyTo(_signs.AsSpan(slot * _signWords, _signWords));
                _scales[slot] = _scales[last];
                _keys[slot] = _keys[last];
                _prompts[slot] = _prompts[last];
                _expiresAt[slot] = _expiresAt[last];
                _slots[_keys[slot]] = slot;
            }

            _prompts[last] = null!;
            _count = last;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Keys of entries that expire at or before <paramref name="nowTicks"/>.</summary>
    public List<CacheKey> Expired(long nowTicks)
    {
        var expired = new List<CacheKey>();
        _lock.EnterReadLock();
        try
        {
            for (var slot = 0; slot < _count; slot++)
            {
                if (_expiresAt[slot] <= nowTicks)
                {
                    expired.Add(_keys[slot]);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return expired;
    }

    /// <summary>
    /// Fills <paramref name="best"/> with the most similar live prompts at or above <paramref name="threshold"/>, most
    /// similar first, and returns how many it found.
    /// </summary>
    public int Search(QuantizedVector query, float threshold, long nowTicks, Span<SemanticCandidate> best)
    {
        var found = 0;
        _lock.EnterReadLock();
        try
        {
            var queryValues = query.Values.AsSpan();
            var querySigns = query.Signs.AsSpan();
            var vectors = _vectors.AsSpan();
            var signs = _signs.AsSpan();
            var maxDifferences = QuantizedVector.MaxSignDifferences(threshold, dimensions);
            for (var slot = 0; slot < _count; slot++)
            {
                // Most vectors in a partition are far from the query: their signs say so from 48 bytes instead of 384.
                if (maxDifferences < dimensions && SignDifferences(querySigns, signs.Slice(slot * _signWords, _signWords)) > maxDifferences)
                {
                    continue;
                }

                var similarity = Int8Dot.Dot(queryValues, vectors.Slice(slot * dimensions, dimensions)) * query.Scale * _scales[slot];
                if (similarity < threshold || _expiresAt[slot] <= nowTicks)
                {
                    continue;
                }

                if (found == best.Length)
                {
                    if (similarity <= best[found - 1].Similarity)
                    {
                        continue;
                    }

                    found--;
                }

                // Insertion into a handful of slots: cheaper than any heap at this size.
                var position = found;
                while (position > 0 && best[position - 1].Similarity < similarity)
                {
                    best[position] = best[position - 1];
                    position--;
                }

                best[position] = new SemanticCandidate(_keys[slot], similarity, _prompts[slot]);
                found++;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return found;
    }

    private static int SignDifferences(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> vector)
    {
        var differences = 0;
        for (var i = 0; i < query.Length; i++)
        {
            differences += System.Numerics.BitOperations.PopCount(query[i] ^ vector[i]);
        }

        return differences;
    }

    private void Grow()
    {
        var capacity = Math.Max(16, _scales.Length * 2);
        Array.Resize(ref _vectors, capacity * dimensions);
        Array.Resize(ref _signs, capacity * _signWords);
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _prompts, capacity);
        Array.Resize(ref _expiresAt, capacity);
    }
}
