using Microsoft.Extensions.Logging;

namespace Tollgate.Core.Identity;

/// <summary>
/// Decides whether a caller must present a virtual key, from the operator's <see cref="UnauthenticatedLoopback"/>
/// setting and whether keys are in use, and logs each change of that decision: the setting is logged at start by the
/// host; the one change that happens while running, the first key being created (here or by <c>tollgate keys</c>
/// in another process), is logged here, once, when this gateway first acts on it.
/// </summary>
public sealed partial class AuthenticationMode
{
    private readonly VirtualKeyResolver _keys;
    private readonly ILogger _logger;
    private int _seen; // 0: not yet looked, 1: keys not in use, 2: keys in use

    /// <summary>Creates the mode.</summary>
    public AuthenticationMode(VirtualKeyResolver keys, UnauthenticatedLoopback loopback, ILogger<AuthenticationMode> logger)
    {
        _keys = keys;
        Loopback = loopback;
        _logger = logger;
    }

    /// <summary>The operator's setting.</summary>
    public UnauthenticatedLoopback Loopback { get; }

    /// <summary>Whether keys are in use (see <see cref="IVirtualKeyStore.KeysInUseAsync"/>), logging the moment they come into use.</summary>
    public async ValueTask<bool> KeysInUseAsync(CancellationToken cancellationToken)
    {
        var inUse = await _keys.KeysInUseAsync(cancellationToken).ConfigureAwait(false);
        var now = inUse ? 2 : 1;
        var before = Interlocked.Exchange(ref _seen, now);
        if (before == 1 && now == 2 && Loopback == UnauthenticatedLoopback.UntilFirstKey)
        {
            LogKeysNowRequired(_logger);
        }

        return inUse;
    }

    /// <summary>Whether a loopback caller that presents no virtual key is served, given whether keys are in use.</summary>
    public bool ServesLoopbackWithoutKey(bool keysInUse) => Loopback switch
    {
        UnauthenticatedLoopback.Always => true,
        UnauthenticatedLoopback.Never => false,
        _ => !keysInUse,
    };

    /// <summary>Logs that no active key is left, when that leaves callers with no way in (keys required, none to present).</summary>
    public void ReportLastKeyRevoked()
    {
        if (Loopback != UnauthenticatedLoopback.Always)
        {
            LogNoActiveKeyLeft(_logger);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The first virtual key was created: from now on every caller must present a key, loopback callers included. Keys stay required after the last one is revoked; set Tollgate:Auth:UnauthenticatedLoopback to Always to serve loopback callers without one.")]
    private static partial void LogKeysNowRequired(ILogger logger);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "The last active virtual key was revoked: keys stay required, so every call is refused until a key is created ('tollgate keys create --name NAME').")]
    private static partial void LogNoActiveKeyLeft(ILogger logger);
}
