using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>Reads a JSON request body; malformed JSON gives null so the caller can answer in its protocol's error shape.</summary>
internal static class RequestBody
{
    public static async Task<JsonDocument?> TryParseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
