using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Faults;

/// <summary>
/// Decides which fault, if any, a request meets: the <c>x-simulator-fault</c> header first, then a
/// <c>[[fault:KIND]]</c> marker in the last user message (<c>[[fault:KIND@MODEL]]</c> only when the request is for
/// MODEL, so a fallback to another model gets past it), then the models made to fail through
/// <c>/_simulator/failing-models</c>, then the configured rates.
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

    /// <summary>The models that fail every call until recovered, with the fault they meet.</summary>
    public FailingModels Failing { get; } = new();

    public SimulatedFault Decide(HttpRequest request, string? lastUserText, string? model)
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
            var fromMarker = FromMarker(lastUserText, model);
            if (fromMarker != SimulatedFault.None)
            {
                return fromMarker;
            }
        }

        if (model is not null && Failing.FaultOf(model) is { } failing)
        {
            return failing;
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

    /// <summary>The first marker of <paramref name="text"/> that applies to a request for <paramref name="model"/>.</summary>
    public static SimulatedFault FromMarker(string text, string? model = null)
    {
        var start = text.IndexOf(MarkerPrefix, StringComparison.Ordinal);
        while (start >= 0)
        {
            start += MarkerPrefix.Length;
            var end = text.IndexOf("]]", start, StringComparison.Ordinal);
            if (end < 0)
            {
                return SimulatedFault.None;
            }

            var marker = text.AsSpan(start, end - start);
            var at = marker.IndexOf('@');
            if (at < 0 || (model is not null && marker[(at + 1)..].SequenceEqual(model)))
            {
                var fault = Parse((at < 0 ? marker : marker[..at]).ToString());
                if (fault != SimulatedFault.None)
                {
                    return fault;
                }
            }

            start = text.IndexOf(MarkerPrefix, end, StringComparison.Ordinal);
        }

        return SimulatedFault.None;
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
