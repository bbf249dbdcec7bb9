using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// Money is stored as the invariant text of a <see cref="decimal"/>, so it round-trips exactly; SQLite's own
/// <c>SUM</c> would turn it into a double. Sums go through <see cref="SumFunction"/>, a decimal aggregate.
/// </summary>
internal static class SqliteMoney
{
    /// <summary>SQL aggregate summing money text exactly; NULLs (unknown amounts) count as nothing.</summary>
    public const string SumFunction = "tollgate_money_sum";

    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    public static string? ToText(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string text) => decimal.Parse(text, Style, CultureInfo.InvariantCulture);

    public static void RegisterSum(SqliteConnection connection) =>
        connection.CreateAggregate<string?, decimal, string>(
            SumFunction,
            0m,
            static (sum, amount) => amount is null ? sum : sum + Parse(amount),
            static sum => sum.ToString(CultureInfo.InvariantCulture),
            isDeterministic: true);
}
