using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>A real embedded ledger in a temporary directory and a settler writing to it, for tests of what a settled row says.</summary>
public abstract class SettledLedgerTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();

    protected EmbeddedStorage Storage { get; private set; } = null!;

    protected LedgerSettler Settler { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Storage = EmbeddedStorage.Open(_directory.Path);
        Settler = new LedgerSettler(Storage.Ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Storage.DisposeAsync();
        _directory.Dispose();
    }
}
