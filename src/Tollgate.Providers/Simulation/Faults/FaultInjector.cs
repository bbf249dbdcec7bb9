using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Faults;

/// <summary>
/// Decides which fault, if any, a request meets: the <c>x-simulator-fault</c> header first, then a
/// <c>[[fault:KIND]]</c> marker in the last user message, then the configured rates.
/// </summary>
internal sealed class FaultInjector
{
    public const string HeaderName = "x-simulator-fault";

    private static readonly string MarkerPrefix = "[[fault:";
    private readonly SimulatorFaultRates _rates;
    private readonly bool _anyRate;
    private readonly Random _random;
    private readonly Lock _gate = new();

    public FaultInjector(SimulatorFaultRates rates, int seed)
    {
        _rates = rates;
        _anyRate = rates.Any;
        _random = new Random(seed);
    }

    public SimulatedFault Decide(HttpRequest request, string? lastUserText)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0)
        {
            var fromHeader = Parse(header[0]);
            if (fromHeader != SimulatedFault.None)
            {
                return fromHeader;
            }
        }

        if (lastUserText is not null)
        {
            var fromMarker = FromMarker(lastUserText);
            if (fromMarker != SimulatedFault.None)
            {
                return fromMarker;
            }
        }

        return _anyRate ? Draw() : SimulatedFault.None;
    }

    public static SimulatedFault Parse(string? kind) => kind switch
    {
        "429" => SimulatedFault.RateLimited,
        "500" => SimulatedFault.ServerError,
        "529" => SimulatedFault.Overloaded,
        "timeout" => SimulatedFault.Timeout,
        "stream-cut" => SimulatedFault.StreamCut,
        _ => SimulatedFault.None,
    };

    public static SimulatedFault FromMarker(string text)
    {
        var start = text.IndexOf(MarkerPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return SimulatedFault.None;
        }

        start += MarkerPrefix.Length;
        var end = text.IndexOf("]]", start, StringComparison.Ordinal);
        return end < 0 ? SimulatedFault.None : Parse(text[start..end]);
    }

    private SimulatedFault Draw()
    {
        double roll;
        lock (_gate)
        {
            roll = _random.NextDouble();
        }

        if ((roll -= _rates.RateLimited) < 0)
        {
            return SimulatedFault.RateLimited;
        }

        if ((roll -= _rates.ServerError) < 0)
        {
            return SimulatedFault.ServerError;
        }

        if ((roll -= _rates.Overloaded) < 0)
        {
            return SimulatedFault.Overloaded;
        }

        if ((roll -= _rates.Timeout) < 0)
        {
            return SimulatedFault.Timeout;
        }

        return roll - _rates.StreamCut < 0 ? SimulatedFault.StreamCut : SimulatedFault.None;
    }
}
