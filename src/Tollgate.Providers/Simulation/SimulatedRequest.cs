namespace Tollgate.Providers.Simulation;

/// <summary>One call the simulated provider answered, as kept in its request log.</summary>
/// <param name="RequestId">The incoming <c>x-tollgate-request-id</c> header, or null.</param>
/// <param name="Path">The request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Model">The <c>model</c> of the request body, or null when it had none.</param>
/// <param name="Stream">Whether the request asked for a streamed answer.</param>
/// <param name="Status">The HTTP status sent; 499 when the client went away before any answer.</param>
/// <param name="Completed">Whether the whole response was written.</param>
public sealed record SimulatedRequest(string? RequestId, string Path, string? Model, bool Stream, int Status, bool Completed)
{
    /// <summary>The raw request body as received (UTF-8), when <see cref="SimulatorOptions.RecordBodies"/> is on; else null.</summary>
    public string? Body { get; init; }
}
