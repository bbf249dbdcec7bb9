using System.Collections.Concurrent;

namespace Tollgate.Core.Identity;

/// <summary>
/// Resolves presented secrets to virtual keys with a short-lived cache in front of the store, so the hot
/// path does not query the database on every call while revocations (also from another process, such as
/// the <c>tollgate keys</c> command) take effect within <see cref="CacheLifetime"/>.
/// </summary>
public sealed class VirtualKeyResolver
{
    /// <summary>How long a lookup result (found or not) is reused.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private const int MaxCachedEntries = 10_000;
    private readonly IVirtualKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, CachedLookup> _bySecret = new(StringComparer.Ordinal);
    private bool _keysInUse;
    private Deadline? _notInUseUntil; // a reference, so a reader never sees a value torn between two writes

    /// <summary>Creates a resolver over a store.</summary>
    public VirtualKeyResolver(IVirtualKeyStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>
    /// Whether keys are in use (<see cref="IVirtualKeyStore.KeysInUseAsync"/>). A "no" is reused for
    /// <see cref="CacheLifetime"/>, so a first key created by another process counts within it; a "yes" is final,
    /// because the store never goes back.
    /// </summary>
    public async ValueTask<bool> KeysInUseAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _keysInUse))
        {
            return true;
        }

        var now = _time.GetUtcNow();
        if (_notInUseUntil is { } until && until.Expires > now)
        {
            return false;
        }

        if (await _store.KeysInUseAsync(cancellationToken).ConfigureAwait(false))
        {
            Volatile.Write(ref _keysInUse, true);
            return true;
        }

        _notInUseUntil = new Deadline(now + CacheLifetime);
        return false;
    }

    /// <summary>Returns the active key with this secret, or null.</summary>
    public async ValueTask<VirtualKey?> ResolveAsync(string secret, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_bySecret.TryGetValue(secret, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        var key = await _store.FindByHashAsync(VirtualKeySecret.Hash(secret), cancellationToken).ConfigureAwait(false);
        if (key is { IsActive: false })
        {
            key = null;
        }

        if (_bySecret.Count >= MaxCachedEntries)
        {
            _bySecret.Clear(); // bounded: random wrong secrets must not grow memory without limit
        }

        _bySecret[secret] = new CachedLookup(key, now + CacheLifetime);
        return key;
    }

    /// <summary>Forgets every cached answer (after a key is created or revoked in this process).</summary>
    public void Invalidate()
    {
        _bySecret.Clear();
        _notInUseUntil = null;
    }

    private readonly record struct CachedLookup(VirtualKey? Key, DateTimeOffset Expires);

    private sealed record Deadline(DateTimeOffset Expires);
}
