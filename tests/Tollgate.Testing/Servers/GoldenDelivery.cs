namespace Tollgate.Testing.Servers;

/// <summary>
/// How a <see cref="GoldenUpstream"/> delivers one answer when the default (awkward splits, a declared length for
/// JSON) is not what a test needs: pieces of a fixed size, a body without <c>Content-Length</c>, or a pause — before
/// the status line or after some bytes of the body — that lasts until the test releases it or the gateway hangs up.
/// A paused upstream lets a test look at the ledger, or at what the client has, at a moment it chose.
/// </summary>
public sealed class GoldenDelivery
{
    private readonly TaskCompletionSource<string> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Write a stream in pieces of this many bytes (one pause between pieces) instead of the awkward splits.</summary>
    public int? PieceSize { get; init; }

    /// <summary>Send a JSON body without <c>Content-Length</c> (chunked), as servers do with bodies they produce on the fly.</summary>
    public bool Chunked { get; init; }

    /// <summary>Pause before sending the status line.</summary>
    public bool HoldBeforeHeaders { get; init; }

    /// <summary>
    /// Pause after this many bytes of the body (a JSON body still declares its whole length). After the pause the
    /// rest follows, up to <see cref="GoldenResponse.CutAt"/>.
    /// </summary>
    public int? HoldAt { get; init; }

    /// <summary>Completes with the gateway's request id when the upstream reaches its pause.</summary>
    public Task<string> Reached => _reached.Task;

    /// <summary>Ends the pause.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Signals the pause and waits for <see cref="Release"/> or for the gateway to hang up; false when it hung up.</summary>
    internal async Task<bool> PauseAsync(string requestId, CancellationToken gatewayGone)
    {
        _reached.TrySetResult(requestId);
        try
        {
            await _released.Task.WaitAsync(gatewayGone);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
