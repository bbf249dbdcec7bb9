namespace Tollgate.Core.Identity;

/// <summary>Stores virtual keys by the hash of their secret.</summary>
public interface IVirtualKeyStore
{
    /// <summary>Creates a key; its secret is returned once and only its hash is kept.</summary>
    ValueTask<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken = default);

    /// <summary>Finds an active or revoked key by the SHA-256 hash of its secret (see <see cref="VirtualKeySecret.Hash"/>).</summary>
    ValueTask<VirtualKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken = default);

    /// <summary>Lists every key, revoked ones included.</summary>
    ValueTask<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key by id or name; false when no active key matched.</summary>
    ValueTask<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken = default);

    /// <summary>Whether at least one active key exists (auth is enforced from then on).</summary>
    ValueTask<bool> AnyActiveAsync(CancellationToken cancellationToken = default);
}
