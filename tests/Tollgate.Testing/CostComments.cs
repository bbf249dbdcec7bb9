using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Testing;

/// <summary>
/// The cost comment a gateway writes into a stream just ahead of its final event, once the row is committed:
/// <c>: x-tollgate-cost-usd=0.0001035</c> and a blank line. SSE parsers skip comments, so SDKs never see it.
/// </summary>
public static partial class CostComments
{
    /// <summary>What the comment line starts with.</summary>
    public const string Prefix = ": x-tollgate-cost-usd=";

    /// <summary>
    /// <paramref name="stream"/> as the gateway relays it: the comment with <paramref name="cost"/> (invariant, as the
    /// ledger holds it; <c>unknown</c> when null) inserted before the final event, <c>data: [DONE]</c> or <c>message_stop</c>.
    /// </summary>
    public static byte[] Insert(byte[] stream, decimal? cost)
    {
        var text = Encoding.UTF8.GetString(stream);
        var final = Math.Max(text.LastIndexOf("data: [DONE]", StringComparison.Ordinal), text.LastIndexOf("event: message_stop", StringComparison.Ordinal));
        if (final < 0)
        {
            throw new ArgumentException("The stream has no final event to put the cost before.", nameof(stream));
        }

        var comment = Encoding.UTF8.GetBytes(Prefix + Format(cost) + "\n\n");
        var prefix = Encoding.UTF8.GetByteCount(text.AsSpan(0, final));
        return [.. stream.AsSpan(0, prefix), .. comment, .. stream.AsSpan(prefix)];
    }

    /// <summary>The costs of every cost comment in a raw stream, in order.</summary>
    public static IReadOnlyList<string> Find(string stream) => [.. CommentLine().Matches(stream).Select(match => match.Groups[1].Value)];

    /// <summary>A cost as the gateway writes it.</summary>
    public static string Format(decimal? cost) => cost?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

    [GeneratedRegex(@"^: x-tollgate-cost-usd=(\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();
}
