using System.Buffers;
using System.Text.Json;

namespace Tollgate.Core.Caching;

/// <summary>
/// The canonical form of a JSON number in a cache key: an exact decimal <c>[-]digits[eN]</c>, the digits without
/// leading or trailing zeros, so every spelling of one value agrees and no two values meet (no double in between).
/// </summary>
internal static class CacheKeyCanonicalNumber
{
    // Exponents beyond this are no request parameter; refusing them keeps the arithmetic in a long.
    private const long MaxExponent = 1_000_000_000;

    /// <summary>Writes the canonical form of a JSON number token into <paramref name="destination"/>; returns its length.</summary>
    public static int Format(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var negative = text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var mantissa = ArrayPool<byte>.Shared.Rent(text.Length);
        var length = 0;
        try
        {
            var digits = 0;
            long exponent = 0;
            var seenNonZero = false;
            var fraction = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c == (byte)'.')
                {
                    fraction = true;
                    continue;
                }
                if (c is (byte)'e' or (byte)'E')
                    break;
                if (c == (byte)'0' && !seenNonZero)
                {
                    if (fraction)
                        exponent--;
                    continue;
                }
                seenNonZero = true;
                mantissa[digits++] = c;
                if (fraction)
                    exponent--;
            }
            if (i < text.Length)
            {
                i++;
                var negativeExponent = text[i] == (byte)'-';
                if (text[i] is (byte)'-' or (byte)'+')
                    i++;
                long written = 0;
                for (; i < text.Length; i++)
                {
                    written = written * 10 + (text[i] - '0');
                    if (written > MaxExponent)
                        throw new JsonException("a number's exponent is out of range");
                }
                exponent += negativeExponent ? -written : written;
            }
            if (digits == 0)
            {
                destination[0] = (byte)'0';
                return 1;
            }
            while (mantissa[digits - 1] == (byte)'0')
            {
                digits--;
                exponent++;
            }
            if (negative)
                destination[length++] = (byte)'-';
            mantissa.AsSpan(0, digits).CopyTo(destination[length..]);
            length += digits;
            if (exponent != 0)
            {
                destination[length++] = (byte)'e';
                exponent.TryFormat(destination[length..], out var count, default, System.Globalization.CultureInfo.InvariantCulture);
                length += count;
            }
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(mantissa);
        }
    }
}
