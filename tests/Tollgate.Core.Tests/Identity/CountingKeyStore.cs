using Tollgate.Core.Identity;

namespace Tollgate.Core.Tests.Identity;

/// <summary>A real key store that counts the lookups reaching it, to see what the resolver's cache answers by itself.</summary>
internal sealed class CountingKeyStore(IVirtualKeyStore inner) : IVirtualKeyStore
{
    public int Lookups { get; private set; }

    public int InUseChecks { get; private set; }

    public ValueTask<CreatedVirtualKey> CreateAsync(VirtualKeySpec spec, CancellationToken cancellationToken = default) => inner.CreateAsync(spec, cancellationToken);

    public ValueTask<VirtualKey?> FindByHashAsync(string secretHash, CancellationToken cancellationToken = default)
    {
        Lookups++;
        return inner.FindByHashAsync(secretHash, cancellationToken);
    }

    public ValueTask<IReadOnlyList<VirtualKey>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public ValueTask<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken = default) => inner.RevokeAsync(idOrName, cancellationToken);

    public ValueTask<bool> AnyActiveAsync(CancellationToken cancellationToken = default) => inner.AnyActiveAsync(cancellationToken);

    public ValueTask<bool> KeysInUseAsync(CancellationToken cancellationToken = default)
    {
        InUseChecks++;
        return inner.KeysInUseAsync(cancellationToken);
    }
}
