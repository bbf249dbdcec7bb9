namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// One exchange's part in a shared call, from joining to the end of its answer: its client leaving counts as leaving
/// the call (the last to leave stops the provider call), and disposing it says it reads the answer no more.
/// </summary>
internal sealed class CoalescedParticipant : IDisposable
{
    private readonly CoalescedCall _call;
    private readonly CancellationTokenRegistration _clientLeft;
    private int _left;

    public CoalescedParticipant(CoalescedCall call, CancellationToken clientAborted)
    {
        _call = call;
        _clientLeft = clientAborted.UnsafeRegister(static state => ((CoalescedParticipant)state!).Leave(), this);
    }

    public void Dispose()
    {
        // Waits for a running callback, so the call is left exactly once and before it is released.
        _clientLeft.Dispose();
        Leave();
        _call.Release();
    }

    private void Leave()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _call.ClientLeft();
        }
    }
}
