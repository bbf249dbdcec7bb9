using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;
using Tollgate.Core.Settlement;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Settlement;

public sealed class LedgerSettlerObserverTests : IAsyncLifetime
{
    private const string Body = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Who is told once this settles?"}]}""";
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task Observers_are_told_once_the_row_is_durable_with_the_row_as_written()
    {
        var observer = new ReadingObserver(_storage.Ledger);
        var settler = Settler(NullLogger<LedgerSettler>.Instance, observer);
        var exchange = Priced();

        await settler.SettleAsync(exchange);

        var (seenExchange, seenEntry, storedThen) = Assert.Single(observer.Calls);
        Assert.Same(exchange, seenExchange);
        Assert.Equal(storedThen, seenEntry);
        Assert.Equal(await _storage.Ledger.GetAsync(exchange.RequestId), seenEntry);
    }

    [Fact]
    public async Task A_failing_observer_is_logged_and_neither_fails_the_request_nor_loses_the_row_or_the_next_observer()
    {
        var logger = new RecordingLogger<LedgerSettler>();
        var after = new ReadingObserver(_storage.Ledger);
        var settler = Settler(logger, new FailingObserver(), after);
        var exchange = Priced();

        await settler.SettleAsync(exchange);

        Assert.NotNull(await _storage.Ledger.GetAsync(exchange.RequestId));
        Assert.Single(after.Calls);
        var logged = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains(nameof(FailingObserver), logged.Message, StringComparison.Ordinal);
        Assert.Contains(exchange.RequestId, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_row_tells_no_observer_and_settling_twice_tells_them_once()
    {
        var observer = new ReadingObserver(_storage.Ledger);
        var settler = Settler(NullLogger<LedgerSettler>.Instance, observer);
        var exchange = Priced();

        await settler.RecordPendingAsync(exchange);
        Assert.Empty(observer.Calls);
        await settler.SettleAsync(exchange);
        await settler.SettleAsync(exchange);

        Assert.Single(observer.Calls);
    }

    [Fact]
    public async Task Observers_registered_in_the_container_are_the_settlers()
    {
        var observer = new ReadingObserver(_storage.Ledger);
        await using var services = new ServiceCollection()
            .AddSingleton(_storage.Ledger)
            .AddSingleton(PricingCatalog.LoadDefault())
            .AddSingleton<ILogger<LedgerSettler>>(NullLogger<LedgerSettler>.Instance)
            .AddSingleton<ISettlementObserver>(observer)
            .AddSingleton<LedgerSettler>()
            .BuildServiceProvider();

        await services.GetRequiredService<LedgerSettler>().SettleAsync(Priced());

        Assert.Single(observer.Calls);
    }

    private LedgerSettler Settler(ILogger<LedgerSettler> logger, params ISettlementObserver[] observers) =>
        new(_storage.Ledger, PricingCatalog.LoadDefault(), logger, observers);

    private static TestExchange Priced()
    {
        var exchange = new TestExchange(Body, "gpt-4o-mini") { Attempts = 1, Status = 200, ProviderMayHaveBilled = true };
        exchange.Usage = new TokenUsage(1_234, 0, 0, 567);
        return exchange;
    }

    /// <summary>Reads the ledger when told, so a test sees what was durable at that moment.</summary>
    private sealed class ReadingObserver(ILedgerStore ledger) : ISettlementObserver
    {
        public List<(ExchangeContext Exchange, LedgerEntry Entry, LedgerEntry? Stored)> Calls { get; } = [];

        public async ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken) =>
            Calls.Add((exchange, entry, await ledger.GetAsync(entry.RequestId, cancellationToken)));
    }

    private sealed class FailingObserver : ISettlementObserver
    {
        public ValueTask OnSettledAsync(ExchangeContext exchange, LedgerEntry entry, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("observer bug");
    }
}
