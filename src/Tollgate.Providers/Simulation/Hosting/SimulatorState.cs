using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Providers.Simulation.Answers;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.PromptCaching;
using Tollgate.Providers.Simulation.Requests;
using Tollgate.Providers.Simulation.Responses;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>Everything one mapped simulator shares across requests.</summary>
internal sealed class SimulatorState
{
    private int _inFlight;

    public SimulatorState(SimulatorOptions options, ILogger? logger = null)
    {
        options.Validate();
        Options = options;
        Log = new RequestLog(options.RequestLogCapacity);
        Faults = new FaultInjector(options.FaultRates, options.Seed);
        PromptCaches = new PromptCaches(options);
        Responses = new ResponseStore(options.StoredResponses);
        InvalidOutputs = new InvalidOutputs();
        Logger = logger ?? NullLogger.Instance;
    }

    public SimulatorOptions Options { get; }

    public RequestLog Log { get; }

    public FaultInjector Faults { get; }

    public PromptCaches PromptCaches { get; }

    /// <summary>The Responses API's stored responses.</summary>
    public ResponseStore Responses { get; }

    /// <summary>Which typed answers are made invalid (<c>[[invalid-json]]</c>, <c>[[invalid-json:N]]</c>).</summary>
    public InvalidOutputs InvalidOutputs { get; }

    public ILogger Logger { get; }

    /// <summary>How many calls have arrived and not yet ended.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void CallStarted() => Interlocked.Increment(ref _inFlight);

    public void CallEnded() => Interlocked.Decrement(ref _inFlight);
}
