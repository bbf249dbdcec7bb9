using Tollgate.Storage.Embedded.Budgets;
using Tollgate.Testing;
using Tollgate.Testing.Contracts;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>The unit budget contract on the embedded backend: counters in memory started from the <c>tollgate.db</c> ledger.</summary>
public sealed class EmbeddedUnitBudgetCountersTests : UnitBudgetCountersContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override ValueTask<UnitBudgetStorage> OpenAsync(TimeProvider time)
    {
        var storage = EmbeddedStorage.Open(_directory.Path, time: time);
        return ValueTask.FromResult(new UnitBudgetStorage(new InMemoryUnitBudgetCounters(storage.UnitHistory, time), storage.Ledger, storage.DisposeAsync));
    }

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
