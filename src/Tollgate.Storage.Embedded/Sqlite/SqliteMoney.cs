using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// Money is stored as the invariant text of a <see cref="decimal"/>, so it round-trips exactly; SQLite's own
/// <c>SUM</c> would turn it into a double. Sums go through <see cref="SumFunction"/>, a decimal aggregate
/// (<see cref="SqliteMoneyFunctions"/>).
/// </summary>
internal static class SqliteMoney
{
    /// <summary>SQL aggregate summing money text exactly; NULLs (unknown amounts) count as nothing.</summary>
    public const string SumFunction = "tollgate_money_sum";

    /// <summary>SQL function adding two amounts of money text exactly, NULL as nothing (the hourly rollup's running sums).</summary>
    public const string AddFunction = "tollgate_money_add";

    /// <summary>Longest text of an amount: a sign, a leading zero, a point and 28 digits ("-0.0000000000000000000000000001").</summary>
    public const int MaxTextLength = 31;

    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static string? ToText(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string text) => decimal.Parse(text, Style, CultureInfo.InvariantCulture);

    /// <summary>Reads money text in UTF-8 exactly as <see cref="Parse(string)"/> reads the same text.</summary>
    public static decimal Parse(ReadOnlySpan<byte> utf8Text)
    {
        // What money text almost always is, [sign]digits[.digits] with at most 19 digits, is those digits at that
        // scale, as decimal.Parse reads it; anything else (longer, rounded, or not an amount) is left to decimal.Parse.
        var i = 0;
        var negative = false;
        if (utf8Text.Length > 1 && (utf8Text[0] == (byte)'-' || utf8Text[0] == (byte)'+'))
        {
            negative = utf8Text[0] == (byte)'-';
            i = 1;
        }

        ulong digits = 0;
        var count = 0;
        var scale = -1;
        for (; i < utf8Text.Length; i++)
        {
            var digit = (uint)(utf8Text[i] - '0');
            if (digit <= 9 && count < 19)
            {
                digits = (digits * 10) + digit;
                count++;
                scale += scale >= 0 ? 1 : 0;
            }
            else if (utf8Text[i] == (byte)'.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return decimal.Parse(utf8Text, Style, CultureInfo.InvariantCulture);
            }
        }

        return count == 0
            ? decimal.Parse(utf8Text, Style, CultureInfo.InvariantCulture)
            : new decimal((int)digits, (int)(digits >> 32), 0, negative, (byte)Math.Max(scale, 0));
    }

    /// <summary>Writes <see cref="ToText"/>'s text of the amount as UTF-8 (at most <see cref="MaxTextLength"/> bytes).</summary>
    public static int Format(decimal amount, Span<byte> utf8Text) =>
        amount.TryFormat(utf8Text, out var length, default, CultureInfo.InvariantCulture)
            ? length
            : throw new ArgumentException($"Shorter than {MaxTextLength} bytes.", nameof(utf8Text));

    /// <summary>Registers <see cref="SumFunction"/> on the open connection.</summary>
    public static void RegisterSum(SqliteConnection connection) => SqliteMoneyFunctions.RegisterSum(connection);

    /// <summary>Registers <see cref="AddFunction"/> on the open connection.</summary>
    public static void RegisterAdd(SqliteConnection connection) => SqliteMoneyFunctions.RegisterAdd(connection);
}
