using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Storage.Embedded;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

/// <summary>A real embedded ledger in a temporary directory and a settler writing to it, for tests of what a settled row says.</summary>
public abstract class SettledLedgerTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    protected EmbeddedStorage Storage => _storage.Storage;

    protected LedgerSettler Settler { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Settler = new LedgerSettler(Storage.Ledger, PricingCatalog.LoadDefault(), NullLogger<LedgerSettler>.Instance);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();
}
