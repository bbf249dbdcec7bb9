namespace Tollgate.LoadBench;

/// <summary>What a load client saw during one cell.</summary>
/// <param name="Requests">Requests completed (successful or not).</param>
/// <param name="Errors">Requests that failed: a non-2xx status, a socket error or a timeout.</param>
/// <param name="Elapsed">Wall time the client ran.</param>
/// <param name="Latency">Request start to last response byte.</param>
/// <param name="FirstByte">Request start to the first body byte (streams only; otherwise empty).</param>
internal sealed record LoadMeasurement(long Requests, long Errors, TimeSpan Elapsed, LatencyStats Latency, LatencyStats FirstByte)
{
    public double RequestsPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Requests / Elapsed.TotalSeconds;
}
