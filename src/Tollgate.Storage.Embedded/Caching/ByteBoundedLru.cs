using Tollgate.Core.Caching;

namespace Tollgate.Storage.Embedded.Caching;

/// <summary>
/// Entries kept in memory, at most <see cref="LimitBytes"/> of them by their answers' size (plus a fixed overhead per
/// entry, so that many tiny answers are bounded too, and its semantic part); adding past the limit drops the least recently used. Every change
/// bumps <see cref="Version"/>, so a reader that fetched an entry from the database can tell whether a write happened
/// meanwhile and must not put its older copy back in front of the newer one.
/// </summary>
internal sealed class ByteBoundedLru
{
    /// <summary>Bytes charged per entry beyond its answer: the entry object, its texts and the list node.</summary>
    internal const long EntryOverhead = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<CacheKey, LinkedListNode<CacheEntry>> _nodes = [];
    private readonly LinkedList<CacheEntry> _recency = new();
    private long _bytes;
    private long _version;

    public ByteBoundedLru(long limitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        LimitBytes = limitBytes;
    }

    public long LimitBytes { get; }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Count;
            }
        }
    }

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public static long Charge(CacheEntry entry) =>
        entry.AnswerBytes + EntryOverhead
        + (entry.Semantics is { } semantics ? (semantics.Vector.Length * sizeof(float)) + (semantics.Prompt.Length * sizeof(char)) : 0);

    public bool TryGet(CacheKey key, out CacheEntry? entry)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                entry = node.Value;
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Keeps <paramref name="entry"/>, replacing any under its key.</summary>
    public void Set(CacheEntry entry)
    {
        lock (_lock)
        {
            _version++;
            AddLocked(entry);
        }
    }

    /// <summary>Keeps <paramref name="entry"/> read from the database, unless anything changed since <paramref name="version"/>.</summary>
    public void AddIfUnchanged(CacheEntry entry, long version)
    {
        lock (_lock)
        {
            if (_version == version)
            {
                AddLocked(entry);
            }
        }
    }

    public void Remove(CacheKey key)
    {
        lock (_lock)
        {
            _version++;
            RemoveLocked(key);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _version++;
            _nodes.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }

    private void AddLocked(CacheEntry entry)
    {
        RemoveLocked(entry.Key);
        var charge = Charge(entry);
        if (charge > LimitBytes)
        {
            // An answer bigger than the whole bound would only empty the memory for itself; the database serves it.
            return;
        }

        while (_bytes + charge > LimitBytes && _recency.Last is { } oldest)
        {
            RemoveLocked(oldest.Value.Key);
        }

        _nodes[entry.Key] = _recency.AddFirst(entry);
        _bytes += charge;
    }

    private void RemoveLocked(CacheKey key)
    {
        if (_nodes.Remove(key, out var node))
        {
            _recency.Remove(node);
            _bytes -= Charge(node.Value);
        }
    }
}
