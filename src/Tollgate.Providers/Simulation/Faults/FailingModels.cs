using System.Collections.Concurrent;

namespace Tollgate.Providers.Simulation.Faults;

/// <summary>
/// Models the simulator fails on every call, or on the next few, until they recover (<c>PUT</c> and
/// <c>DELETE /_simulator/failing-models/{model}</c>): how a test makes a model fail for a while, to see a gateway retry
/// it, fall back from it or open its circuit breaker, and then recover.
/// </summary>
internal sealed class FailingModels
{
    private readonly ConcurrentDictionary<string, Failing> _models = new(StringComparer.Ordinal);

    /// <summary>The fault the call for <paramref name="model"/> meets (counting it), or null when the model is healthy.</summary>
    public SimulatedFault? FaultOf(string model)
    {
        if (_models.IsEmpty || !_models.TryGetValue(model, out var failing))
        {
            return null;
        }

        if (failing.Remaining < 0)
        {
            return failing.Fault;
        }

        var left = Interlocked.Decrement(ref failing.Remaining);
        if (left <= 0)
        {
            _models.TryRemove(new KeyValuePair<string, Failing>(model, failing));
        }

        return left >= 0 ? failing.Fault : null;
    }

    /// <summary>Makes <paramref name="model"/> fail with <paramref name="fault"/>: on its next <paramref name="times"/> calls, or until <see cref="Recover"/> when null.</summary>
    public void Fail(string model, SimulatedFault fault, int? times) => _models[model] = new Failing(fault, times ?? -1);

    /// <summary>Makes <paramref name="model"/> answer again; false when it was not failing.</summary>
    public bool Recover(string model) => _models.TryRemove(model, out _);

    /// <summary>The failing models and their faults, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, SimulatedFault>> List() =>
        [.. _models.Select(pair => new KeyValuePair<string, SimulatedFault>(pair.Key, pair.Value.Fault)).OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    private sealed class Failing(SimulatedFault fault, int remaining)
    {
        public readonly SimulatedFault Fault = fault;
        public int Remaining = remaining;
    }
}
