using Tollgate.Core.Pricing;
using Tollgate.Storage.Embedded.Budgets;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>The budget contract on the embedded backend: definitions in <c>tollgate.db</c>, counters in memory started from its ledger.</summary>
public sealed class EmbeddedBudgetStoreTests : BudgetStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override async ValueTask<BudgetStorage> OpenAsync(TimeProvider time)
    {
        var storage = EmbeddedStorage.Open(_directory.Path, time: time);
        await storage.Ledger.RecoverInterruptedAsync();
        var counters = new InMemoryBudgetCounters(storage.BudgetHistory, PricingCatalog.LoadDefault(), time);
        return new BudgetStorage(storage.Budgets, counters, storage.Ledger, storage.DisposeAsync);
    }

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
