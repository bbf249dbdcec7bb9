namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// The prompt prefixes the simulated provider has cached, by <see cref="PrefixHash"/>: each entry lives for its TTL
/// after it was last written or read, and the least recently used entry goes first when the store is full, so the
/// store never holds more than <c>capacity</c> entries however many prompts arrive. One lock guards it; every call is
/// a few dictionary operations.
/// </summary>
internal sealed class PromptCacheStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public PromptCacheStore(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _capacity = capacity;
        _time = time;
        _entries = new Dictionary<UInt128, LinkedListNode<Entry>>(Math.Min(capacity, 1024));
    }

    /// <summary>How many entries the store holds, expired ones not yet noticed included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="prefix"/> is cached and alive; a hit refreshes its TTL, as both providers do on use.</summary>
    public bool TryRead(UInt128 prefix)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(prefix, out var node))
            {
                return false;
            }

            if (node.Value.ExpiresAt <= now)
            {
                Remove(node);
                return false;
            }

            node.Value.ExpiresAt = now + node.Value.Ttl;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return true;
        }
    }

    /// <summary>
    /// Caches <paramref name="prefix"/> for <paramref name="ttl"/> from now; an entry that is already there keeps the
    /// longer of its TTL and the new one.
    /// </summary>
    public void Write(UInt128 prefix, TimeSpan ttl)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(prefix, out var node))
            {
                var entry = node.Value;
                entry.Ttl = entry.ExpiresAt > now && entry.Ttl > ttl ? entry.Ttl : ttl;
                entry.ExpiresAt = now + entry.Ttl;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return;
            }

            if (_entries.Count >= _capacity)
            {
                Remove(_recency.Last!);
            }

            node = _recency.AddFirst(new Entry(prefix) { Ttl = ttl, ExpiresAt = now + ttl });
            _entries.Add(prefix, node);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Prefix);
        _recency.Remove(node);
    }

    private sealed class Entry(UInt128 prefix)
    {
        public UInt128 Prefix { get; } = prefix;

        public TimeSpan Ttl { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
