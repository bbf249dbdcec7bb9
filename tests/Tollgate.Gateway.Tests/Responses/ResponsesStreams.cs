using System.Text;
using Tollgate.Testing;

namespace Tollgate.Gateway.Tests.Responses;

/// <summary>What a client of a Responses API stream receives, worked out from the provider's bytes.</summary>
internal static class ResponsesStreams
{
    private static readonly string[] TerminalEvents = ["event: response.completed", "event: response.incomplete", "event: response.failed"];

    /// <summary>
    /// <paramref name="stream"/> as the gateway relays it: the cost comment (<c>: x-tollgate-cost-usd=…</c>) inserted just
    /// ahead of the terminal event, the one the row is committed before.
    /// </summary>
    public static byte[] WithCostComment(byte[] stream, decimal? cost)
    {
        var text = Encoding.UTF8.GetString(stream);
        var final = TerminalEvents.Max(name => text.LastIndexOf(name, StringComparison.Ordinal));
        if (final < 0)
        {
            throw new ArgumentException("The stream has no terminal event.", nameof(stream));
        }

        var comment = Encoding.UTF8.GetBytes(CostComments.Prefix + CostComments.Format(cost) + "\n\n");
        var prefix = Encoding.UTF8.GetByteCount(text.AsSpan(0, final));
        return [.. stream.AsSpan(0, prefix), .. comment, .. stream.AsSpan(prefix)];
    }

    /// <summary>The last event of a stream (its terminal event), blank line included.</summary>
    public static byte[] LastEvent(byte[] stream) => stream[(stream.AsSpan(0, stream.Length - 2).LastIndexOf("\n\n"u8) + 2)..];
}
