using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching.Coalescing;

/// <summary>
/// One provider call shared by identical requests: the first (the leader) makes it, the others wait for its answer,
/// and every participant, the leader too, is written from the same <see cref="Body"/>. The call has its own
/// cancellation: it outlives any one client and stops only when none is left waiting. Others may join until its answer
/// has ended (or it ended without one); then it leaves the registry, so a later identical request never joins a
/// finished call.
/// </summary>
internal sealed class CoalescedCall
{
    private readonly CoalescedCalls _calls;
    private readonly CancellationTokenSource _upstream = new();
    private readonly TaskCompletionSource<AnswerHead?> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ExchangeRejection?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _waiting = 1; // the leader's client, then each waiter's, while it still wants the answer
    private int _holders = 1; // the leader, then each waiter, until it can read the body no more
    private bool _closed;

    public CoalescedCall(CoalescedCalls calls, CoalescedCallKey key, bool leaderStreams)
    {
        _calls = calls;
        Key = key;
        LeaderStreams = leaderStreams;
    }

    public CoalescedCallKey Key { get; }

    /// <summary>Whether the leader asked for a stream: the form the provider answers in.</summary>
    public bool LeaderStreams { get; }

    /// <summary>The answer's body as the provider sends it.</summary>
    public AnswerBuffer Body { get; } = new();

    /// <summary>Cancels the provider call: once the last participant's client has left, never before.</summary>
    public CancellationToken UpstreamAborted => _upstream.Token;

    /// <summary>
    /// The answer's status and headers once the provider has answered; null when the leader's way ended without an
    /// answer (then <see cref="Outcome"/> says why).
    /// </summary>
    public Task<AnswerHead?> Head => _head.Task;

    /// <summary>
    /// Set when the leader's way through the rest of the pipeline has ended: the refusal every waiter shares (the
    /// provider could not be reached or did not answer in time), or null when there is none to share. A leader refused
    /// before any upstream attempt (its own budget or rate limit) shares nothing: its waiters join again, and one leads.
    /// </summary>
    public Task<ExchangeRejection?> Outcome => _outcome.Task;

    /// <summary>How many clients still wait for the answer, the leader's included.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>Adds a waiter; false once the call takes no more (its answer has ended, or everyone left).</summary>
    public bool TryJoin()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _waiting++;
            _holders++;
            return true;
        }
    }

    /// <summary>The provider has answered: waiters may start reading.</summary>
    public void AnswerStarted(AnswerHead head) => _head.TrySetResult(head);

    /// <summary>The answer's body has ended (whole or broken off): no one joins any more.</summary>
    public void AnswerEnded() => Close();

    /// <summary>
    /// The leader's way through the rest of the pipeline has ended: <paramref name="sharedRejection"/> is what every waiter
    /// without an answer gets, or null when the leader's outcome was its own.
    /// </summary>
    public void Finish(ExchangeRejection? sharedRejection)
    {
        Close();
        _outcome.TrySetResult(sharedRejection);
        _head.TrySetResult(null);
    }

    /// <summary>A participant's client has left, or has its answer: when none is left waiting, the provider call stops.</summary>
    public void ClientLeft()
    {
        bool cancel;
        lock (_gate)
        {
            _waiting--;
            cancel = _waiting == 0 && !_closed;
            _closed |= cancel;
        }

        if (cancel)
        {
            _calls.Remove(this);

            // Not inline: this runs in the client's abort callback, and cancelling runs the provider call's callbacks.
            _ = _upstream.CancelAsync();
        }
    }

    /// <summary>A participant will read the body no more; the last one returns the buffer's memory.</summary>
    public void Release()
    {
        bool free;
        lock (_gate)
        {
            _holders--;

            // The leader holds the call until its way has ended (pump included), so none left means no writer either.
            free = _holders == 0;
        }

        if (free)
        {
            Body.Release();
        }
    }

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _calls.Remove(this);
    }
}
