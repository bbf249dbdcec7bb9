using Tollgate.Core.Identity;
using Tollgate.Core.Ledger;
using Tollgate.Storage.Embedded;

namespace Tollgate.Testing;

/// <summary>The real embedded storage, opened in a fresh <see cref="TemporaryDirectory"/>; disposing closes it and deletes the directory.</summary>
public sealed class TemporaryStorage : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public TemporaryStorage()
    {
        try
        {
            Storage = EmbeddedStorage.Open(_directory.Path);
        }
        catch
        {
            _directory.Dispose();
            throw;
        }
    }

    public EmbeddedStorage Storage { get; }

    public ILedgerStore Ledger => Storage.Ledger;

    public IVirtualKeyStore Keys => Storage.Keys;

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        _directory.Dispose();
    }
}
