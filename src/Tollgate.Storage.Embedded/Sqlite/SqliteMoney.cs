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

    /// <summary>SQL function adding two amounts of money text exactly, NULL as nothing (the hourly rollup's running sums).</summary>
    public const string AddFunction = "tollgate_money_add";

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

    public static void RegisterAdd(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, string>(
            AddFunction,
            static (sum, amount) => (Amount(sum) + Amount(amount)).ToString(CultureInfo.InvariantCulture),
            isDeterministic: true);

    private static decimal Amount(string? text) => text is null ? 0m : Parse(text);
}
