namespace Tollgate.Providers.Simulation.Faults;

/// <summary>A fault the simulator can inject into one answer.</summary>
internal enum SimulatedFault
{
    None,
    RateLimited,
    ServerError,
    Overloaded,
    Timeout,
    StreamCut,
}
