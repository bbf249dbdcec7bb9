using System.Text.Json;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>
/// Reads a JSON request body; malformed JSON gives null so the caller can answer in its protocol's error shape.
/// When the simulator records bodies, the raw bytes are kept on the exchange for the request log.
/// </summary>
internal static class RequestBody
{
    public static async Task<JsonDocument?> TryParseAsync(SimulatedExchange exchange, CancellationToken cancellationToken)
    {
        var request = exchange.Context.Request;
        try
        {
            if (!exchange.State.Options.RecordBodies)
            {
                return await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            }

            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, cancellationToken);
            exchange.Body = copy.ToArray();
            return JsonDocument.Parse(exchange.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
