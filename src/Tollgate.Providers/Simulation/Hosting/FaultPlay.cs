using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Faults;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>How the timeout and stream-cut faults behave, the same for both protocols.</summary>
internal static class FaultPlay
{
    private static readonly TimeSpan CutGrace = TimeSpan.FromMilliseconds(50);

    /// <summary>Hangs until the client gives up (false) or the configured hang passes (true: answer after all).</summary>
    public static async Task<bool> HangAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.HangMs > 0 ? TimeSpan.FromMilliseconds(options.HangMs) : Timeout.InfiniteTimeSpan, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>How many stream pieces to send before cutting: half of them, at least one.</summary>
    public static int CutAfter(SimulatedFault fault, int pieces) => fault == SimulatedFault.StreamCut ? Math.Max(1, pieces / 2) : int.MaxValue;

    /// <summary>
    /// Aborts the connection once what was flushed has had time to leave: an abort drops output the
    /// transport has not sent yet, and the client must see the part before the cut.
    /// </summary>
    public static async Task CutAsync(HttpContext context)
    {
        await Task.Delay(CutGrace, CancellationToken.None);
        context.Abort();
    }

    /// <summary>Sends the first half of an already serialised body (with its full length announced), then aborts the connection.</summary>
    public static async Task CutBodyAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = Wire.JsonWire.JsonContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body[..(body.Length / 2)], context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        await CutAsync(context);
    }
}
