namespace Tollgate.Core.Identity;

/// <summary>Stores virtual keys by the hash of their secret.</summary>
public interface IVirtualKeyStore
{
    /// <summary>
    /// Creates a key; its secret is returned once and only its hash is kept. The first key ever created also records
    /// that keys are in use (<see cref="KeysInUseAsync"/>), in the same transaction.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed, or a field is both fixed and left open (<see cref="VirtualKeySpec.ValidateAttribution"/>).</exception>
    /// <exception cref="VirtualKeyNameTakenException">An active key already has this name.</exception>
    ValueTask<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken = default);

    /// <summary>Finds an active or revoked key by the SHA-256 hash of its secret (see <see cref="VirtualKeySecret.Hash"/>).</summary>
    ValueTask<VirtualKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken = default);

    /// <summary>Lists every key, revoked ones included.</summary>
    ValueTask<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key by id or name; false when no active key matched.</summary>
    ValueTask<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken = default);

    /// <summary>Whether at least one active key exists.</summary>
    ValueTask<bool> AnyActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether keys are in use: a key has been created in this store at some time. Once true it stays true: revoking
    /// every key does not undo it, so a gateway that required keys keeps requiring them.
    /// </summary>
    ValueTask<bool> KeysInUseAsync(CancellationToken cancellationToken = default);
}
