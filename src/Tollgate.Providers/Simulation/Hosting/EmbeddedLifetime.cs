using Microsoft.Extensions.Hosting;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>A host lifetime that listens to no process signal: the embedding host decides when to stop.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
