using System.Collections.Concurrent;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// Which model snapshot the provider served, last, for each requested model (<c>gpt-4o</c> answered by
/// <c>gpt-4o-2024-11-20</c>), learnt from live answers. A stored answer made by another snapshot than the latest one is
/// not served: when the provider moves an alias to a new snapshot, answers of the old one miss and are replaced.
/// Kept in memory only; after a restart the first live answer of each model teaches it again.
/// </summary>
internal sealed class ModelSnapshots
{
    // Requested model names come from clients; only answered (2xx) ones are kept, and at most this many.
    private const int MaxModels = 10_000;

    private readonly ConcurrentDictionary<(WireProtocol Protocol, string Requested), string> _latest = new();

    /// <summary>The snapshot last seen serving <paramref name="requested"/>, or null when none was seen.</summary>
    public string? Latest(WireProtocol protocol, string? requested) =>
        requested is not null && _latest.TryGetValue((protocol, requested), out var served) ? served : null;

    /// <summary>Records that <paramref name="served"/> answered a request for <paramref name="requested"/>.</summary>
    public void Observe(WireProtocol protocol, string requested, string served)
    {
        var key = (protocol, requested);
        if (_latest.TryGetValue(key, out var known))
        {
            if (!string.Equals(known, served, StringComparison.Ordinal))
            {
                _latest[key] = served;
            }

            return;
        }

        if (_latest.Count < MaxModels)
        {
            _latest.TryAdd(key, served);
        }
    }
}
