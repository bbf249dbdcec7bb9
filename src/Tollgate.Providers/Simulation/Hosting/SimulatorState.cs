using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Providers.Simulation.Faults;
using Tollgate.Providers.Simulation.Requests;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>Everything one mapped simulator shares across requests.</summary>
internal sealed class SimulatorState
{
    public SimulatorState(SimulatorOptions options, ILogger? logger = null)
    {
        options.Validate();
        Options = options;
        Log = new RequestLog(options.RequestLogCapacity);
        Faults = new FaultInjector(options.FaultRates, options.Seed);
        Logger = logger ?? NullLogger.Instance;
    }

    public SimulatorOptions Options { get; }

    public RequestLog Log { get; }

    public FaultInjector Faults { get; }

    public ILogger Logger { get; }
}
