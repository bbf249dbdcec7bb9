namespace Tollgate.Providers.Simulation.Responses;

/// <summary>The <c>status</c> of a response.</summary>
internal enum ResponseStatus
{
    Queued,
    InProgress,
    Completed,
    Incomplete,
    Cancelled,
}
