using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>What one simulated route does with a call once <see cref="SimulatedCall"/> has taken it in.</summary>
internal interface ISimulatedEndpoint
{
    /// <summary>Whether the route takes a JSON body, which <see cref="SimulatedCall"/> then reads and parses first.</summary>
    bool ReadsBody { get; }

    /// <summary>The provider the call is answered as.</summary>
    IProviderErrors ProviderOf(HttpRequest request);

    /// <summary>
    /// Answers the call, given its parsed body (<c>default</c> when the route takes none) and the latency model
    /// started when it arrived; true when the whole response was written.
    /// </summary>
    ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer);
}
