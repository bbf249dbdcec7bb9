using System.Collections.Concurrent;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>The provider calls in flight that identical requests may still join, by key.</summary>
internal sealed class CoalescedCalls
{
    private readonly ConcurrentDictionary<CoalescedCallKey, CoalescedCall> _calls = new();

    /// <summary>
    /// Joins the call in flight for <paramref name="key"/>, or starts one, which the caller then leads in the form it asked
    /// for (<paramref name="streams"/>).
    /// </summary>
    public CoalescedCall Join(in CoalescedCallKey key, bool streams, out bool leads)
    {
        while (true)
        {
            if (_calls.TryGetValue(key, out var call))
            {
                if (call.TryJoin())
                {
                    leads = false;
                    return call;
                }

                // Closing (its answer has ended, or everyone left): it is about to go; make room now.
                Remove(call);
                continue;
            }

            var started = new CoalescedCall(this, key, streams);
            if (_calls.TryAdd(key, started))
            {
                leads = true;
                return started;
            }
        }
    }

    /// <summary>How many clients wait on the call in flight for <paramref name="key"/> (its leader included); 0 when there is none.</summary>
    public int CountWaiting(in CoalescedCallKey key) => _calls.TryGetValue(key, out var call) ? call.Waiting : 0;

    /// <summary>Takes <paramref name="call"/> out of the registry (and nothing that has since taken its key).</summary>
    public void Remove(CoalescedCall call) => _calls.TryRemove(new KeyValuePair<CoalescedCallKey, CoalescedCall>(call.Key, call));
}
