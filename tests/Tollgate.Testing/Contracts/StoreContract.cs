using Xunit;

namespace Tollgate.Testing.Contracts;

/// <summary>
/// The part every store contract shares: a store opened on empty storage per test (xunit makes a new instance per
/// test), further handles onto the same data as a second process would have, a reopen as a restarted gateway does, and
/// every handle closed and the storage removed after the test. A contract derives from it and writes its tests against
/// <see cref="Store"/>; an implementation's test class implements <see cref="OpenStoreAsync"/>.
/// </summary>
/// <typeparam name="TStore">The store interface under contract.</typeparam>
public abstract class StoreContract<TStore> : IAsyncLifetime
    where TStore : class
{
    private readonly List<TStore> _opened = [];

    /// <summary>The store under test.</summary>
    protected TStore Store { get; private set; } = null!;

    /// <summary>
    /// Opens a store on this test instance's storage (empty at first). Each call must return an independent handle with
    /// its own connections onto the same data, as a second process would have.
    /// </summary>
    protected abstract ValueTask<TStore> OpenStoreAsync();

    /// <summary>Removes this test's storage; called after every opened store is disposed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => Store = await OpenAnotherStoreAsync();

    public async Task DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await CloseAsync(_opened[i]);
        }

        await DeleteStorageAsync();
    }

    /// <summary>A second, independently opened store on the same data; disposed with the test.</summary>
    protected async Task<TStore> OpenAnotherStoreAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes <see cref="Store"/> and opens it again, as a restarted gateway does.</summary>
    protected async Task ReopenAsync()
    {
        _opened.Remove(Store);
        await CloseAsync(Store);
        Store = await OpenAnotherStoreAsync();
    }

    private static async ValueTask CloseAsync(TStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
