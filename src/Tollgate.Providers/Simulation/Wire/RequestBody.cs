using System.Text.Json;
using Tollgate.Core.Requests;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>
/// Reads a JSON request body whole and parses it. Malformed JSON gives no document, and text no strict parser
/// accepts (bytes that are not UTF-8, an unpaired surrogate escape such as <c>"a\ud800b"</c>) gives a description of
/// the fault, so the caller can answer either in its protocol's error shape. When the simulator records bodies, the
/// raw bytes are kept on the exchange for the request log.
/// </summary>
internal static class RequestBody
{
    public static async Task<ParsedBody> ReadAsync(SimulatedExchange exchange, CancellationToken cancellationToken)
    {
        var request = exchange.Context.Request;
        using var copy = new MemoryStream(request.ContentLength is > 0 and <= 64 * 1024 * 1024 ? (int)request.ContentLength.Value : 4096);
        await request.Body.CopyToAsync(copy, cancellationToken);
        var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
        if (exchange.State.Options.RecordBodies)
        {
            exchange.Body = bytes.ToArray();
        }

        JsonDocument document;
        try
        {
            // The document reads the copy's buffer in place; the buffer outlives the stream that filled it.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return default;
        }

        if (JsonTextCheck.Find(bytes.Span) is { } fault)
        {
            document.Dispose();
            return new ParsedBody(null, fault.Describe(bytes.Span));
        }

        return new ParsedBody(document, null);
    }
}
