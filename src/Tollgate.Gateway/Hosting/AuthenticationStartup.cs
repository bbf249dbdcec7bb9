using Microsoft.Extensions.Logging;
using Tollgate.Core.Identity;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// What the gateway says about authentication when it starts: it refuses to listen beyond loopback while callers could
/// be served without a key, and logs the mode it starts in, as it actually is (no key yet, keys required with some
/// or none active, or loopback left open by the operator).
/// </summary>
internal static partial class AuthenticationStartup
{
    /// <summary>
    /// Whether the gateway may listen on loopback addresses only: while callers there are served without a key (no key
    /// in use yet, unless <see cref="UnauthenticatedLoopback.Never"/>), a listener elsewhere would let a proxied or
    /// remote caller in too. Kestrel then checks every endpoint it binds (<see cref="ListenAddresses.RequireLoopback"/>),
    /// from <c>--urls</c> or its own configuration alike.
    /// </summary>
    public static async Task<bool> LoopbackOnlyAsync(IVirtualKeyStore keys, UnauthenticatedLoopback loopback, CancellationToken cancellationToken) =>
        loopback != UnauthenticatedLoopback.Never && !await keys.KeysInUseAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Logs the mode the gateway starts in; also primes <paramref name="mode"/>, so it notices the first key being created.</summary>
    public static async Task LogModeAsync(ILogger logger, AuthenticationMode mode, IVirtualKeyStore keys, CancellationToken cancellationToken)
    {
        var inUse = await mode.KeysInUseAsync(cancellationToken).ConfigureAwait(false);
        if (mode.Loopback == UnauthenticatedLoopback.Always)
        {
            LogLoopbackOpenByChoice(logger);
            return;
        }

        if (mode.ServesLoopbackWithoutKey(inUse))
        {
            LogNoKeyYet(logger);
            return;
        }

        var active = 0;
        foreach (var key in await keys.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            active += key.IsActive ? 1 : 0;
        }

        if (active == 0)
        {
            LogNoActiveKey(logger);
        }
        else
        {
            LogKeysRequired(logger, active);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No virtual key has been created yet: serving loopback callers without authentication. Create one with 'tollgate keys create --name NAME' to require keys from then on.")]
    private static partial void LogNoKeyYet(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Tollgate:Auth:UnauthenticatedLoopback is Always: loopback callers are served without a virtual key (a key they do present is checked); callers elsewhere need one.")]
    private static partial void LogLoopbackOpenByChoice(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Virtual keys required from every caller ({Active} active).")]
    private static partial void LogKeysRequired(ILogger logger, int active);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Virtual keys are required but none is active: every call is refused until one is created ('tollgate keys create --name NAME').")]
    private static partial void LogNoActiveKey(ILogger logger);
}
