using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>What one simulated route does with a call once <see cref="SimulatedCall"/> has taken it in.</summary>
/// <param name="provider">The provider the route answers as.</param>
internal abstract class SimulatedEndpoint(IProviderErrors provider)
{
    /// <summary>Whether the route takes a JSON body, which <see cref="SimulatedCall"/> then reads and parses first.</summary>
    public virtual bool ReadsBody => true;

    /// <summary>The provider the route answers as: its request id header and error shapes.</summary>
    protected IProviderErrors Provider => provider;

    /// <summary>The provider one call is answered as.</summary>
    public virtual IProviderErrors ProviderOf(HttpRequest request) => provider;

    /// <summary>
    /// Answers the call, given its parsed body (<c>default</c> when the route takes none) and the latency model
    /// started when it arrived; true when the whole response was written.
    /// </summary>
    public abstract ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer);
}
