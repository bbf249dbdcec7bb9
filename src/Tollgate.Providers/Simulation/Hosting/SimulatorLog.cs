using Microsoft.Extensions.Logging;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>The simulator's log messages.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Simulated provider listening on {Address}")]
    public static partial void Listening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Injecting fault {Fault} into {Path}")]
    public static partial void InjectingFault(ILogger logger, string fault, string path);
}
