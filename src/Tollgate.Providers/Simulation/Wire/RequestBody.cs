using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tollgate.Core.Requests;
using Tollgate.Providers.Simulation.Hosting;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>
/// Reads a JSON request body whole and parses it. Malformed JSON gives no document, and text no strict parser
/// accepts (bytes that are not UTF-8, an unpaired surrogate escape such as <c>"a\ud800b"</c>) gives a description of
/// the fault, so the caller can answer either in its protocol's error shape. A body over the provider's limit is not
/// kept: the rest of it is read and thrown away (up to <see cref="DrainFactor"/> times the limit in all), so a client
/// that writes its whole body before reading gets the provider's 413 rather than a reset connection. When the
/// simulator records bodies, the raw bytes are kept on the exchange for the request log.
/// </summary>
internal static class RequestBody
{
    /// <summary>How many times the limit an oversized body may be in all, and still be read to its end before the 413.</summary>
    public const int DrainFactor = 4;

    private const int ChunkBytes = 64 * 1024;

    public static async Task<ParsedBody> ReadAsync(SimulatedExchange exchange, long limit, CancellationToken cancellationToken)
    {
        var context = exchange.Context;
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Kestrel's own limit (30,000,000 bytes) is no provider's: the provider's limit is enforced here, route by route.
            sizeFeature.MaxRequestBodySize = limit * DrainFactor;
        }

        if (request.ContentLength is { } declared && declared > limit)
        {
            if (declared <= limit * DrainFactor)
            {
                await DrainAsync(request.Body, cancellationToken);
            }

            return new ParsedBody(null, null, declared);
        }

        using var copy = new MemoryStream(request.ContentLength is > 0 ? (int)request.ContentLength.Value : 4096);
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return new ParsedBody(null, null, copy.Length + read + await DrainAsync(request.Body, cancellationToken));
            }

            copy.Write(chunk, 0, read);
        }

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

    /// <summary>Reads the rest of a body and throws it away; how many bytes that was (as far as Kestrel let it be read).</summary>
    private static async Task<long> DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var chunk = new byte[ChunkBytes];
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over the drain bound: the 413 is written all the same, and Kestrel closes the connection after it.
        }

        return total;
    }
}
