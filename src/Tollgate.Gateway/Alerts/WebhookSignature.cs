using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Gateway.Alerts;

/// <summary>
/// The signature of a webhook POST: <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the webhook's secret,
/// of <c>"&lt;timestamp&gt;.&lt;body&gt;"</c>, where the timestamp is the <c>x-tollgate-timestamp</c> header (unix
/// seconds). Signing the timestamp with the body lets a receiver refuse an old request replayed.
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "x-tollgate-timestamp";
    public const string SignatureHeader = "x-tollgate-signature";
    public const string AlertIdHeader = "x-tollgate-alert-id";

    private const string Prefix = "sha256=";

    /// <summary>The <c>x-tollgate-timestamp</c> value for <paramref name="now"/>.</summary>
    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>x-tollgate-signature</c> value of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var timestampLength = Encoding.ASCII.GetByteCount(timestamp);
        var signed = new byte[timestampLength + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestampLength] = (byte)'.';
        body.CopyTo(signed.AsSpan(timestampLength + 1));
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed, hash);
        return Prefix + Convert.ToHexStringLower(hash);
    }
}
