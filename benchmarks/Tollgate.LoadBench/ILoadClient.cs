namespace Tollgate.LoadBench;

/// <summary>A closed-loop load generator: each connection sends its next request as soon as the last one is answered.</summary>
internal interface ILoadClient
{
    string Name { get; }

    Task<LoadMeasurement> RunAsync(Uri baseAddress, LoadRequest request, int connections, TimeSpan duration, CancellationToken cancellationToken);
}
