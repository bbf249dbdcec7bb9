using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Providers.Simulation;

namespace Tollgate.Gateway.Tests.Resilience;

/// <summary>
/// A simulated provider (recording bodies) and an in-process gateway in front of it for both protocols, with the
/// resilience settings and fallback chains a test chooses; models are made to fail through the simulator's
/// <c>/_simulator/failing-models</c> or a model-scoped <c>[[fault:KIND@MODEL]]</c> marker.
/// </summary>
internal sealed class FallbackGateway : IAsyncDisposable
{
    private readonly SimulatorHost _simulator;
    private readonly HttpClient _simulatorHttp;

    private FallbackGateway(SimulatorHost simulator, InProcessGateway gateway)
    {
        _simulator = simulator;
        Gateway = gateway;
        _simulatorHttp = new HttpClient { BaseAddress = simulator.BaseAddress };
    }

    public InProcessGateway Gateway { get; }

    public Uri BaseAddress => Gateway.Http.BaseAddress!;

    /// <summary>Starts both; retries wait 10 ms (doubling) unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<FallbackGateway> StartAsync(Action<GatewayOptions> configure, Action<IServiceCollection>? configureServices = null)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { RecordBodies = true }, "http://127.0.0.1:0");
        try
        {
            var gateway = await InProcessGateway.StartAsync(
                options =>
                {
                    options.OpenAI = new ProviderOptions { ApiKey = "sk-sim", BaseUrl = simulator.BaseAddress + "v1" };
                    options.Anthropic = new ProviderOptions { ApiKey = "sk-ant-sim", BaseUrl = simulator.BaseAddress.ToString().TrimEnd('/') };
                    options.Resilience.BaseDelayMs = 10;
                    configure(options);
                },
                configureServices);
            return new FallbackGateway(simulator, gateway);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes <paramref name="model"/> fail with <paramref name="fault"/> on every call, or on its next <paramref name="times"/>.</summary>
    public async Task FailAsync(string model, string fault, int? times = null)
    {
        var query = times is null ? $"?fault={fault}" : $"?fault={fault}&times={times}";
        using var response = await _simulatorHttp.PutAsync(SimulatorEndpoints.FailingModelsPath.TrimStart('/') + "/" + model + query, null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Makes <paramref name="model"/> answer again.</summary>
    public async Task RecoverAsync(string model)
    {
        using var response = await _simulatorHttp.DeleteAsync(SimulatorEndpoints.FailingModelsPath.TrimStart('/') + "/" + model);
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>The models the simulator was called with for <paramref name="requestId"/>, in order.</summary>
    public IReadOnlyList<string?> UpstreamModels(string requestId) =>
        [.. _simulator.GetRequests().Where(request => request.RequestId == requestId).Select(request => request.Model)];

    /// <summary>The gateway's request id of the one call whose body contained <paramref name="text"/>, from the simulator's log.</summary>
    public string RequestIdOf(string text) =>
        _simulator.GetRequests().Where(request => request.Body?.Contains(text, StringComparison.Ordinal) == true).Select(request => request.RequestId).Distinct().Single()!;

    /// <summary>The settled ledger row of <paramref name="requestId"/>.</summary>
    public Task<LedgerEntry> EntryAsync(string requestId) => GatewayCalls.SettledEntryAsync(Gateway.Http, requestId);

    /// <summary>Listens to the retry waits this gateway records (seconds, by source), until disposed.</summary>
    public MeterListener ListenToRetryWaits(ConcurrentQueue<(double Seconds, string Source)> waits)
    {
        var meters = Gateway.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == GatewayMeter.RetryWaitName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == GatewayMeter.RetryWaitSourceTag)
                {
                    waits.Enqueue((value, (string)tag.Value!));
                }
            }
        });
        listener.Start();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        _simulatorHttp.Dispose();
        await Gateway.DisposeAsync();
        await _simulator.DisposeAsync();
    }
}
