using System.Diagnostics;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>
/// The latency model: the first token is due <see cref="SimulatorOptions.TimeToFirstTokenMs"/> after the
/// request arrived and token <c>i</c> another <c>i / TokensPerSecond</c> seconds later. Delays are measured
/// from the start, so they do not drift, and cost nothing when both settings are zero.
/// </summary>
internal readonly struct Pacer
{
    private readonly long _start;
    private readonly double _firstTokenMs;
    private readonly double _msPerToken;
    private readonly int _closeDelayMs;

    public Pacer(SimulatorOptions options)
    {
        _start = Stopwatch.GetTimestamp();
        _firstTokenMs = options.TimeToFirstTokenMs;
        _msPerToken = options.TokensPerSecond > 0 ? 1000.0 / options.TokensPerSecond : 0;
        _closeDelayMs = options.CloseDelayMs;
    }

    /// <summary>Waits, after a stream's final event, until the stream is due to close.</summary>
    public Task UntilClose(CancellationToken cancellationToken) =>
        _closeDelayMs > 0 ? Task.Delay(_closeDelayMs, cancellationToken) : Task.CompletedTask;

    /// <summary>Waits until token <paramref name="index"/> (0 is the first) is due.</summary>
    public Task UntilToken(int index, CancellationToken cancellationToken)
    {
        if (_firstTokenMs <= 0 && _msPerToken <= 0)
        {
            return Task.CompletedTask;
        }

        var dueMs = _firstTokenMs + index * _msPerToken;
        var waitMs = dueMs - Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
        return waitMs >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken) : Task.CompletedTask;
    }
}
