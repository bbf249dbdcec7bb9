using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// Reads a request body whole into a pooled buffer, never more than the configured limit. Most HTTP clients write
/// the whole body before they read a byte of the answer: a server that answers 413 and closes while such a client
/// is still writing makes it see a reset connection instead of the 413. So the rest of an oversized body is read
/// and thrown away, up to <see cref="DrainFactor"/> times the limit, before the 413 is written (the caller closes
/// the connection after it). A body that ends before its declared length, or stops arriving, is reported as such,
/// for a 400 or a 408 in the protocol's shape.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>How many times the limit an oversized body may be in all, and still be read to its end for a clean 413.</summary>
    public const int DrainFactor = 4;

    private const int DrainChunk = 64 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        var drainLimit = limit * DrainFactor;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Kestrel's own limit would break the connection at the first byte over it; this reader enforces the limit.
            sizeFeature.MaxRequestBodySize = drainLimit;
        }

        var declared = request.ContentLength;
        if (declared > limit)
        {
            // A client waiting for "100 Continue" has sent nothing and sends nothing after a final answer: no need to read.
            if (declared <= drainLimit && !ExpectsContinue(request))
            {
                await DrainAsync(request.Body, drainLimit, context.RequestAborted).ConfigureAwait(false);
            }

            return new RequestBody(null, 0, RequestBodyOutcome.TooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : 4096);
        var count = 0;
        try
        {
            var stream = request.Body;
            while (true)
            {
                var capacity = (int)Math.Min(buffer.Length, limit);
                if (count == capacity)
                {
                    if (capacity == limit)
                    {
                        // Full at the limit: any further byte means the body is over it.
                        var over = await DrainAsync(stream, drainLimit - count, context.RequestAborted).ConfigureAwait(false);
                        return new RequestBody(buffer, over == 0 ? count : 0, over == 0 ? RequestBodyOutcome.Complete : RequestBodyOutcome.TooLarge);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, buffer.Length * 2L));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = (int)Math.Min(buffer.Length, limit);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(count, capacity - count), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return new RequestBody(buffer, count, RequestBodyOutcome.Complete);
                }

                count += read;
            }
        }
        catch (BadHttpRequestException exception)
        {
            return new RequestBody(buffer, 0, exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => RequestBodyOutcome.TooLarge,
                StatusCodes.Status408RequestTimeout => RequestBodyOutcome.TimedOut,
                _ => RequestBodyOutcome.Truncated,
            });
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            return new RequestBody(buffer, 0, RequestBodyOutcome.ClientGone);
        }
    }

    /// <summary>Reads and discards what remains of the body, stopping once more than <paramref name="allowance"/> bytes came; returns how many did.</summary>
    private static async Task<long> DrainAsync(Stream body, long allowance, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(DrainChunk);
        long drained = 0;
        try
        {
            int read;
            while (drained <= allowance && (read = await body.ReadAsync(scratch.AsMemory(0, DrainChunk), cancellationToken).ConfigureAwait(false)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception exception) when (exception is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Over Kestrel's bound, broken or gone: the answer is a 413 all the same, if anyone is left to read it.
            drained = Math.Max(drained, 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return drained;
    }

    private static bool ExpectsContinue(HttpRequest request) =>
        request.Headers.Expect.Count > 0 && request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
}
