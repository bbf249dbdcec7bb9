using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Budgets;
using Tollgate.Core.Exchange;
using Tollgate.Core.Ledger;
using Tollgate.Core.Limits;
using Tollgate.Core.Pipeline;
using Tollgate.Core.Settlement;
using Tollgate.Gateway;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Limits;
using Tollgate.Gateway.Protocols;
using Tollgate.Gateway.Relay;

namespace Tollgate.Benchmarks;

/// <summary>
/// What budgets and a rate limit cost a request they let through: the <c>guard</c> and <c>reserve</c> stages as a started
/// gateway registers them, composed as the pipeline composes them, over a Chat Completions exchange built as the edge
/// builds one and attributed as the identify stage attributes it, to a <c>next</c> that does nothing, with three budgets
/// applying (<see cref="BudgetLoad"/>: global month, feature day, user day) and one rate limit counting requests, tokens
/// and dollars a minute per user; against that <c>next</c> called directly. Measured apart: the settlement of the
/// request's row (the budgets' reservation replaced by the actual cost, the rate limit's tokens and dollars corrected),
/// by the observers the gateway registers.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(SettlementsPerIteration)]
public class BudgetStagesBenchmarks
{
    // Every iteration settles this many reservations, made for it before it starts (settling is once per reservation).
    private const int SettlementsPerIteration = 16_384;

    private static readonly ExchangeHandler Nothing = static _ => ValueTask.CompletedTask;

    // A request's prompt is counted once and the count kept on its exchange. The exchange here is used again and again,
    // so each run gives it the other of two copies of the body: each run counts, as each request does.
    private static readonly ReadOnlyMemory<byte>[] Bodies = [Payloads.SmallChatRequest, Payloads.SmallChatRequest.ToArray()];

    private readonly BudgetReservation[] _reservations = new BudgetReservation[SettlementsPerIteration];
    private readonly RateLimitCharge[] _charges = new RateLimitCharge[SettlementsPerIteration];
    private string _directory = null!;
    private GatewayApplication _gateway = null!;
    private ExchangePipeline _stages = null!;
    private BudgetSettlement _budgetSettlement = null!;
    private RateLimitSettlement _rateLimitSettlement = null!;
    private HttpExchange _exchange = null!;
    private HttpExchange _settled = null!;
    private LedgerEntry _row = null!;
    private int _nextSettlement;
    private int _runs;

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tollgate-bench-" + Guid.NewGuid().ToString("N"));

        // Nothing reaches the provider: its address only has to be valid.
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _directory,
            OpenAI = new ProviderOptions { ApiKey = "sk-bench", BaseUrl = "http://127.0.0.1:9/v1" },
            Budgets = BudgetLoad.Budgets(),
            RateLimits = [BudgetLoad.RateLimit()],
        };
        _gateway = await GatewayApplication.StartAsync(options, logging => logging.ClearProviders()).ConfigureAwait(false);
        var services = _gateway.Services;
        var registered = services.GetServices<IExchangeStage>().ToList();
        _stages = new ExchangePipeline([registered.Single(s => s.Name == "guard"), registered.Single(s => s.Name == "reserve")]);
        _budgetSettlement = services.GetRequiredService<BudgetSettlement>();
        _rateLimitSettlement = services.GetServices<ISettlementObserver>().OfType<RateLimitSettlement>().Single();

        var relay = services.GetRequiredService<ResponseRelay>();
        _exchange = Exchange(relay);
        _settled = Exchange(relay);
        _row = new LedgerEntry
        {
            RequestId = _settled.RequestId,
            Timestamp = DateTimeOffset.UtcNow,
            Endpoint = _settled.Endpoint,
            User = BudgetLoad.Name,
            Feature = BudgetLoad.Name,
            Provider = "openai",
            RequestedModel = "gpt-4o-mini",
            ServedModel = "gpt-4o-mini-2024-07-18",
            InputTokens = 14,
            OutputTokens = 19,
            CostUsd = 0.0000135m,
            CacheStatus = CacheStatuses.Bypass,
            Status = 200,
        };

        // The stages must let it through holding all three budgets and the rate limit's three buckets, or this measures something else.
        await _stages.RunAsync(_exchange).ConfigureAwait(false);
        if (_exchange.Rejection is not null || _exchange.BudgetReservation is not { Budgets.Count: 3 } || _exchange.RateLimits is not { Demands.Length: 3 })
        {
            throw new InvalidOperationException($"The request was not reserved against three budgets and three rate-limit buckets (refusal: {_exchange.Rejection?.Message ?? "none"}).");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _gateway.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Reservations for the settlement benchmark's next iteration, each made by the stages as a request's is.</summary>
    [IterationSetup(Target = nameof(Settle))]
    public void ReserveForSettlement()
    {
        for (var i = 0; i < SettlementsPerIteration; i++)
        {
            _settled.RequestBody = Bodies[i & 1];
            _stages.RunAsync(_settled).AsTask().GetAwaiter().GetResult();
            _reservations[i] = _settled.BudgetReservation!;
            _charges[i] = _settled.RateLimits!;
        }

        _nextSettlement = 0;
    }

    [Benchmark(Baseline = true, Description = "next called directly")]
    public ValueTask Direct() => Nothing(_exchange);

    [Benchmark(Description = "guard + reserve: 3 budgets, rate limit (requests, tokens, USD), then next")]
    public ValueTask GuardAndReserve()
    {
        _exchange.RequestBody = Bodies[++_runs & 1];
        return _stages.RunAsync(_exchange);
    }

    [Benchmark(Description = "settlement of the row: budgets settled, rate limit corrected")]
    public async ValueTask Settle()
    {
        var i = _nextSettlement++;
        _settled.BudgetReservation = _reservations[i];
        _settled.RateLimits = _charges[i];
        await _budgetSettlement.OnSettledAsync(_settled, _row, CancellationToken.None).ConfigureAwait(false);
        await _rateLimitSettlement.OnSettledAsync(_settled, _row, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The pass-through's request as the edge builds its exchange, attributed by its headers as identify does.</summary>
    private static HttpExchange Exchange(ResponseRelay relay) =>
        new(new DefaultHttpContext(), relay, "req_bench", WireProtocol.OpenAI, ExchangeOperation.ChatCompletions, "/v1/chat/completions", DateTimeOffset.UtcNow)
        {
            FromLoopback = true,
            RequestBody = Payloads.SmallChatRequest,
            Request = RequestReader.Read(Payloads.SmallChatRequest, WireProtocol.OpenAI, ExchangeOperation.ChatCompletions).Facts,
            User = BudgetLoad.Name,
            Feature = BudgetLoad.Name,
        };
}
