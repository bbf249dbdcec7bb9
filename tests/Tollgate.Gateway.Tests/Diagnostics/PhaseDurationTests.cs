using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Tests.Relay;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.Gateway.Tests.Diagnostics;

/// <summary>
/// The phase breakdown the benchmark reads: one call through a real gateway (the built-in simulated provider behind
/// it, so the call goes upstream over HTTP) records every phase once, and the parts fit in the whole.
/// </summary>
public sealed class PhaseDurationTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private GatewayApplication? _gateway;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayApplication.StartAsync(
            new GatewayOptions { Urls = "http://127.0.0.1:0", DataDirectory = _data.Path, UpstreamTimeoutSeconds = 60 },
            logging => logging.ClearProviders());
        _http = new HttpClient { BaseAddress = _gateway.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _data.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_call_records_every_phase_once_and_the_parts_fit_in_the_total(bool stream)
    {
        var recorded = new ConcurrentQueue<(string Phase, double Seconds)>();
        // Only this gateway's meter: other tests' gateways run in the same process, each with a meter of its own.
        var meters = _gateway!.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == GatewayMeter.MeterName && instrument.Name == GatewayMeter.PhaseDurationName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == GatewayMeter.PhaseTag)
                {
                    recorded.Enqueue(((string)tag.Value!, value));
                }
            }
        });
        listener.Start();

        var body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":16" + (stream ? ",\"stream\":true}" : "}");
        using var response = await GatewayCalls.SendAsync(_http, "v1/chat/completions", body);
        var call = await GatewayCalls.ReadAsync(response);
        Assert.Equal(200, call.Status);
        // The gateway records once it is done with the request, which may be just after the client has the last byte.
        await Poll.UntilAsync(() => Task.FromResult(recorded.Any(r => r.Phase == GatewayMeter.TotalPhase)), TimeSpan.FromSeconds(30), "the total to be recorded");

        var phases = recorded.ToList();
        foreach (var phase in GatewayMeter.Phases)
        {
            var values = phases.Where(r => r.Phase == phase).Select(r => r.Seconds).ToList();
            Assert.True(values.Count == 1, $"Phase {phase} was recorded {values.Count} times: {Describe(phases)}");
            Assert.True(values[0] >= 0, $"Phase {phase} lasted {values[0]} s: {Describe(phases)}");
        }

        Assert.Equal(GatewayMeter.Phases.Count, phases.Count);
        var total = phases.Single(r => r.Phase == GatewayMeter.TotalPhase).Seconds;
        var parts = phases.Where(r => r.Phase != GatewayMeter.TotalPhase).Sum(r => r.Seconds);
        Assert.True(parts <= total, $"The parts add up to {parts * 1e6:0.0} µs, more than the total of {total * 1e6:0.0} µs: {Describe(phases)}");
    }

    private static string Describe(IEnumerable<(string Phase, double Seconds)> phases) =>
        string.Join(", ", phases.Select(p => $"{p.Phase} {p.Seconds * 1e6:0.0} µs"));
}
