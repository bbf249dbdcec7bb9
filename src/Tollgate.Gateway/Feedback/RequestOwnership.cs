using Tollgate.Core.Feedback;
using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.Feedback;

/// <summary>
/// Finds an earlier request a caller names (feedback on it, or a re-ask of it) among those it may name
/// (<see cref="RequestAccess"/>): the ledger row by id, held to the key that made it and that key's own team. A request
/// the caller may not name is not found, as an unknown id is.
/// </summary>
internal sealed class RequestOwnership
{
    /// <summary>The longest request id accepted (the gateway's own are 36 characters).</summary>
    public const int MaxIdLength = 128;

    private readonly ILedgerStore _ledger;
    private readonly IVirtualKeyStore _keys;

    public RequestOwnership(ILedgerStore ledger, IVirtualKeyStore keys)
    {
        _ledger = ledger;
        _keys = keys;
    }

    /// <summary>Whether <paramref name="id"/> can be a request id: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, at most <see cref="MaxIdLength"/>.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The row of <paramref name="requestId"/> when <paramref name="caller"/> may name it; null otherwise.</summary>
    /// <param name="requestId">The id named.</param>
    /// <param name="caller">The caller's key; null for a loopback caller served without one.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public async ValueTask<LedgerEntry?> FindAsync(string requestId, VirtualKey? caller, CancellationToken cancellationToken)
    {
        var row = await _ledger.GetAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        // The common case, a key naming its own request, needs no look-up of the other key's team.
        string? rowTeam = null;
        if (row.KeyName is { } owner && caller?.Team is not null && !string.Equals(owner, caller.Name, StringComparison.Ordinal))
        {
            rowTeam = await TeamOfAsync(owner, cancellationToken).ConfigureAwait(false);
        }

        return RequestAccess.Allows(row.KeyName, rowTeam, caller?.Name, caller?.Team) ? row : null;
    }

    /// <summary>The own team of the key named <paramref name="keyName"/>: the active key's, else the last one made under that name.</summary>
    private async ValueTask<string?> TeamOfAsync(string keyName, CancellationToken cancellationToken)
    {
        VirtualKey? found = null;
        foreach (var key in await _keys.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(key.Name, keyName, StringComparison.Ordinal)
                && (found is null || (key.IsActive && !found.IsActive) || (key.IsActive == found.IsActive && key.CreatedAt > found.CreatedAt)))
            {
                found = key;
            }
        }

        return found?.Team;
    }
}
