using System.Buffers;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Calls;

/// <summary>
/// Sends a composed answer whole or streamed, paced by the latency model, and cut mid-way when the stream-cut fault
/// asks: the part of a call every protocol's answer shares once it is composed.
/// </summary>
internal static class AnswerDelivery
{
    /// <summary>Writes the answer as one body once its last token is due; a <paramref name="cut"/> one stops half-way. True when all was sent.</summary>
    public static async Task<bool> WholeAsync<TAnswer>(HttpContext context, TAnswer answer, Pacer pacer, bool cut)
        where TAnswer : IAnswerWriter
    {
        await pacer.UntilToken(Math.Max(0, answer.OutputTokens - 1), context.RequestAborted);
        if (cut)
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var writer = JsonWire.CreateWriter(buffer))
            {
                answer.WriteWhole(writer);
            }

            await FaultPlay.CutBodyAsync(context, StatusCodes.Status200OK, buffer.WrittenMemory);
            return false;
        }

        await JsonWire.WriteBodyAsync(
            context.Response,
            StatusCodes.Status200OK,
            answer,
            static (writer, a) => a.WriteWhole(writer),
            context.RequestAborted);
        return true;
    }

    /// <summary>Streams the answer piece by piece, aborting the connection after <paramref name="cutAfter"/> pieces. True when all was sent.</summary>
    public static async Task<bool> StreamAsync<TAnswer>(HttpContext context, TAnswer answer, Pacer pacer, int cutAfter)
        where TAnswer : IAnswerWriter
    {
        var aborted = context.RequestAborted;
        using var sse = new SseStream(context.Response);

        await pacer.UntilToken(0, aborted);
        if ((await answer.WriteStreamStartAsync(sse, aborted)).IsCompleted)
        {
            return false;
        }

        var count = answer.PieceCount;
        for (var i = 0; i < count; i++)
        {
            if (i == cutAfter)
            {
                await FaultPlay.CutAsync(context);
                return false;
            }

            await pacer.UntilToken(i, aborted);
            answer.WritePiece(sse, i);
            if ((await sse.EndAsync(aborted)).IsCompleted)
            {
                return false;
            }
        }

        if (cutAfter != int.MaxValue)
        {
            // Fewer pieces than the cut point (an empty answer): cut before the end all the same.
            await FaultPlay.CutAsync(context);
            return false;
        }

        if ((await answer.WriteStreamEndAsync(sse, aborted)).IsCompleted)
        {
            return false;
        }

        await pacer.UntilClose(aborted);
        return true;
    }
}
