using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Gateway.Diagnostics;
using Tollgate.Gateway.Hosting;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Hosting;

/// <summary>
/// However many requests are refused, the log hears of them at a bounded rate: the first at once, then one summary per
/// ten seconds with how many followed and why; after a quiet spell the next is logged at once again.
/// </summary>
public sealed class RefusedRequestCounterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<RefusedRequestCounter> _log = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RefusedRequestCounter _counter;

    public RefusedRequestCounterTests() => _counter = new RefusedRequestCounter(new GatewayMeter(_services.GetRequiredService<IMeterFactory>()), new global::Tollgate.Gateway.Metrics.TollgateMetrics(maxLabelValues: 10), _time, _log);

    public void Dispose()
    {
        _counter.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void A_flood_of_refusals_makes_one_line_at_once_and_one_summary_per_interval()
    {
        for (var i = 0; i < 500; i++)
        {
            _counter.Count(i % 5 == 0 ? "missing_key" : "invalid_key");
        }

        var first = Assert.Single(_log.Entries);
        _time.Advance(RefusedRequestCounter.SummaryInterval);
        _time.Advance(RefusedRequestCounter.SummaryInterval);

        Assert.Equal((LogLevel.Warning, "Refused a request before identifying its caller (missing_key); it has no ledger row. Further refusals are summed up every 10 s."), (first.Level, first.Message));
        Assert.Equal(2, _log.Entries.Count);
        Assert.Equal(
            "Refused 499 more requests before identifying their callers in the last 10 s (invalid_key: 400, missing_key: 99); they have no ledger rows.",
            _log.Entries.Last().Message);
    }

    [Fact]
    public void After_a_quiet_interval_the_next_refusal_is_logged_at_once()
    {
        _counter.Count("invalid_key");
        _time.Advance(RefusedRequestCounter.SummaryInterval);

        _counter.Count("not_loopback");

        Assert.Equal(2, _log.Entries.Count);
        Assert.Contains("(not_loopback)", _log.Entries.Last().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refusal_is_counted_on_the_gateway_meter_with_its_reason()
    {
        var counted = new List<(long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>() && instrument.Meter.Name == "Tollgate.Gateway" && instrument.Name == "tollgate.gateway.requests.refused")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => counted.Add((value, Reason(tags))));
        listener.Start();

        _counter.Count("invalid_key");
        _counter.Count("invalid_key");
        _counter.Count("missing_key");

        Assert.Equal([(1L, "invalid_key"), (1L, "invalid_key"), (1L, "missing_key")], counted);
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (name, value) in tags)
        {
            if (name == "reason")
            {
                return value as string;
            }
        }

        return null;
    }
}
