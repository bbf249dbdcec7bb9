using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Requests;

/// <summary><c>GET /_simulator/requests[?request_id=…]</c> lists the logged calls, oldest first; <c>DELETE</c> clears them; <c>GET /_simulator/in-flight</c> counts the calls not yet ended.</summary>
internal static class RequestLogEndpoint
{
    public static Task ListAsync(HttpContext context, SimulatorState state)
    {
        var filter = context.Request.Query.TryGetValue("request_id", out var id) && id.Count > 0 ? id[0] : null;
        var requests = state.Log.Snapshot();
        return JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, (requests, filter), static (writer, s) => RequestLog.WriteJson(writer, s.requests, s.filter), context.RequestAborted);
    }

    /// <summary><c>GET /_simulator/in-flight</c>: how many calls have arrived and not yet ended (<c>{"in_flight": N}</c>).</summary>
    public static Task InFlightAsync(HttpContext context, SimulatorState state) =>
        JsonWire.WriteBodyAsync(context.Response, StatusCodes.Status200OK, state.InFlight, static (writer, count) =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("in_flight"u8, count);
            writer.WriteEndObject();
        }, context.RequestAborted);

    public static Task ClearAsync(HttpContext context, SimulatorState state)
    {
        state.Log.Clear();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
