using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Storage.Embedded.Tests;

/// <summary>
/// <c>tollgate_money_sum</c> and <c>tollgate_money_add</c> in SQL give exactly what <see cref="decimal"/> arithmetic on
/// the parsed amounts gives, in the text <see cref="SqliteMoney.ToText"/> writes: NULLs count as nothing, a sum over no
/// rows is zero, groups keep their own sums, and text that is not an amount fails the statement.
/// </summary>
public sealed class SqliteMoneyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_sum_of_many_amounts_is_their_decimal_sum_in_the_same_text(int seed)
    {
        var random = new Random(seed);
        var amounts = Enumerable.Range(0, 5_000).Select(_ => RandomAmount(random)).ToList();
        using var connection = Open(amounts.Select(amount => ("all", SqliteMoney.ToText(amount))));

        Assert.Equal(Text(amounts.Sum(amount => amount ?? 0m)), Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
    }

    [Fact]
    public void Amounts_of_28_significant_digits_are_summed_as_decimal_sums_them()
    {
        string[] texts =
        [
            "0.1234567890123456789012345678", "1", "-0.0000000000000000000000000001", "7922816251426433759354395033.5",
            "-7922816251426433759354395033.4", "0.0000000000000000000000000005", "1.0000000000000000000000000001",
        ];
        using var connection = Open(texts.Select(text => ("all", (string?)text)));

        var expected = texts.Select(SqliteMoney.Parse).Aggregate(0m, (sum, amount) => sum + amount);
        Assert.Equal(Text(expected), Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
        Assert.Equal(Text(expected), Single(connection, "SELECT tollgate_money_sum(amount) FROM (SELECT amount FROM money ORDER BY rowid);"));
    }

    [Fact]
    public void A_sum_over_no_rows_or_only_nulls_is_zero()
    {
        using var connection = Open([("unpriced", null), ("unpriced", null)]);

        Assert.Equal("0", Single(connection, "SELECT tollgate_money_sum(amount) FROM money WHERE spend_group = 'none';"));
        Assert.Equal("0", Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
        Assert.Equal("0", Single(connection, "SELECT tollgate_money_add(NULL, NULL);"));
        Assert.Equal("1.10", Single(connection, "SELECT tollgate_money_add('1.10', NULL);"));
        Assert.Equal("-2.500", Single(connection, "SELECT tollgate_money_add(NULL, '-2.500');"));
    }

    [Fact]
    public void Each_group_of_a_group_by_keeps_its_own_sum()
    {
        // Amounts small enough that no group's sum is rounded: SQLite sorts a group's rows in an order of its own.
        var random = new Random(7);
        var rows = Enumerable.Range(0, 20_000)
            .Select(i => (Group: "g" + (i * 7919 % 997).ToString(CultureInfo.InvariantCulture), Amount: RandomAmount(random, bits: 40, scales: 9)))
            .ToList();
        using var connection = Open(rows.Select(row => (row.Group, SqliteMoney.ToText(row.Amount))));

        var expected = rows.GroupBy(row => row.Group, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Text(group.Sum(row => row.Amount ?? 0m)), StringComparer.Ordinal);
        var actual = Grouped(connection, "SELECT spend_group, tollgate_money_sum(amount) FROM money GROUP BY spend_group;");
        Assert.Equal(997, actual.Count);
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), actual.OrderBy(pair => pair.Key, StringComparer.Ordinal));

        // Several sums per row, as the spend report makes, each with its own accumulator.
        var twice = Grouped(connection,
            "SELECT spend_group, tollgate_money_sum(amount) || '|' || tollgate_money_sum(tollgate_money_add(amount, amount)) FROM money GROUP BY spend_group;");
        Assert.All(twice, pair =>
        {
            var sum = SqliteMoney.Parse(expected[pair.Key]);
            Assert.Equal(expected[pair.Key] + "|" + Text(rows.Where(row => row.Group == pair.Key).Sum(row => (row.Amount ?? 0m) + (row.Amount ?? 0m))), pair.Value);
            Assert.Equal(sum * 2, SqliteMoney.Parse(pair.Value.Split('|')[1]));
        });
    }

    [Theory]
    [InlineData("+1.5")]
    [InlineData("-0.000")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("007.250")]
    [InlineData("-0")]
    [InlineData("39614081257132168796771975167")]
    [InlineData("0.00000000000000000000000000000001")]
    [InlineData("0.12345678901234567890123456789")]
    [InlineData("1.00000000000000000000000000005")]
    public void An_amount_text_is_read_as_SqliteMoney_parses_it(string text)
    {
        using var connection = Open([("one", text)]);

        var expected = Text(SqliteMoney.Parse(text));
        Assert.Equal(expected, Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
        Assert.Equal(expected, Single(connection, "SELECT tollgate_money_add(amount, NULL) FROM money;"));
        Assert.Equal(Text(SqliteMoney.Parse(text) + SqliteMoney.Parse(text)), Single(connection, "SELECT tollgate_money_add(amount, amount) FROM money;"));
    }

    [Fact]
    public void Amount_text_in_UTF8_is_read_bit_for_bit_as_decimal_parsing_reads_the_string()
    {
        var random = new Random(11);
        var texts = new List<string>
        {
            "", "-", "+", ".", "-.", "0", "-0", "+0", "-0.0", "0.", ".0", "00", "1\0", "1..0", "1.-0", "--1", "+-1", "1-",
            "9999999999999999999", "99999999999999999999", "-9999999999999999999.5", "18446744073709551615",
            "18446744073709551616", "0.0000000000000000001", "1.000000000000000000", "0.00000000000000000000000000001",
        };
        for (var i = 0; i < 30_000; i++)
        {
            texts.Add(i % 3 == 0 ? RandomText(random, "0123456789.-+ e,", random.Next(1, 34)) : RandomAmountText(random));
        }

        var differing = texts.Where(text => Outcome(() => SqliteMoney.Parse(text)) != Outcome(() => SqliteMoney.Parse(Encoding.UTF8.GetBytes(text)))).ToList();
        Assert.Empty(differing);
    }

    [Fact]
    public void Numbers_that_are_not_text_are_read_as_SQLite_writes_them_as_text()
    {
        using var connection = Open([]);

        Assert.Equal("5.25", Single(connection, "SELECT tollgate_money_add(5, 0.25);"));
        Assert.Equal("7.5", Single(connection, "SELECT tollgate_money_sum(value) FROM (SELECT 7 AS value UNION ALL SELECT 0.5);"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("(1)")]
    [InlineData("792281625142643375935439503350")]
    public void Text_that_is_not_an_amount_fails_the_statement_as_decimal_parsing_fails(string text)
    {
        var parsing = Assert.ThrowsAny<Exception>(() => SqliteMoney.Parse(text));
        using var connection = Open([("bad", "1.5"), ("bad", text), ("bad", "2")]);

        var sum = Assert.Throws<SqliteException>(() => Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
        Assert.Equal(1, sum.SqliteErrorCode);
        Assert.Contains(parsing.Message, sum.Message, StringComparison.Ordinal);
        var add = Assert.Throws<SqliteException>(() => Single(connection, "SELECT tollgate_money_add('1', amount) FROM money WHERE rowid = 2;"));
        Assert.Contains(parsing.Message, add.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sum_beyond_the_decimal_range_fails_the_statement_as_decimal_addition_overflows()
    {
        const string Max = "79228162514264337593543950335";
        var overflow = Assert.Throws<OverflowException>(() => SqliteMoney.Parse(Max) + SqliteMoney.Parse("1"));
        using var connection = Open([("big", Max), ("big", "1")]);

        var sum = Assert.Throws<SqliteException>(() => Single(connection, "SELECT tollgate_money_sum(amount) FROM money;"));
        Assert.Contains(overflow.Message, sum.Message, StringComparison.Ordinal);
        var add = Assert.Throws<SqliteException>(() => Single(connection, $"SELECT tollgate_money_add('{Max}', '0.5');"));
        Assert.Contains(overflow.Message, add.Message, StringComparison.Ordinal);

        // The statement that failed leaves the connection usable.
        Assert.Equal("0", Single(connection, "SELECT tollgate_money_sum(amount) FROM money WHERE amount IS NULL;"));
    }

    [Fact]
    public async Task Connections_on_several_threads_sum_at_once_without_mixing_their_sums()
    {
        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            var amounts = Enumerable.Range(0, 3_000).Select(_ => RandomAmount(random)).ToList();
            using var connection = Open(amounts.Select(amount => ("all", SqliteMoney.ToText(amount))));
            var expected = Text(amounts.Sum(amount => amount ?? 0m));
            for (var round = 0; round < 20; round++)
            {
                if (Single(connection, "SELECT tollgate_money_sum(amount) FROM money;") != expected)
                {
                    return false;
                }
            }

            return true;
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void A_read_connection_of_the_database_sums_money()
    {
        using var directory = new Tollgate.Testing.TemporaryDirectory();
        var database = SqliteDatabase.Open(Path.Combine(directory.Path, "money.db"), new EmbeddedStorageOptions());
        using var connection = database.OpenReadConnection();

        Assert.Equal("3.75", Single(connection, "SELECT tollgate_money_sum(amount) FROM (SELECT '1.25' AS amount UNION ALL SELECT NULL UNION ALL SELECT '2.50');"));
    }

    private static decimal? RandomAmount(Random random, int bits = 60, int scales = 19)
    {
        var kind = random.Next(10);
        if (kind == 0)
        {
            return null;
        }

        if (kind == 1)
        {
            return new decimal(0, 0, 0, random.Next(2) == 0, (byte)random.Next(0, scales));
        }

        // By default up to 60 bits of digits at scales 0 to 18: cents to sub-micro-dollar prices, and totals whose sum
        // needs more than 28 digits and is rounded.
        var digits = random.NextInt64(1, 1L << random.Next(1, bits));
        return new decimal((int)(digits & 0xFFFFFFFF), (int)(digits >> 32), 0, random.Next(3) == 0, (byte)random.Next(0, scales));
    }

    // [sign][digits][.digits], with leading zeros, up to 32 digits.
    private static string RandomAmountText(Random random)
    {
        var sign = random.Next(4) switch { 0 => "-", 1 => "+", _ => string.Empty };
        var whole = RandomText(random, "0123456789", random.Next(0, random.Next(2) == 0 ? 6 : 24));
        var fraction = random.Next(3) == 0 ? string.Empty : "." + RandomText(random, "0123456789", random.Next(0, random.Next(2) == 0 ? 8 : 30));
        return sign + whole + fraction;
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (text, state) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                text[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });

    // The decimal's bits, or the kind of exception.
    private static string Outcome(Func<decimal> parse)
    {
        try
        {
            return string.Join(',', decimal.GetBits(parse()));
        }
        catch (Exception exception)
        {
            return exception.GetType().Name;
        }
    }

    private static string Text(decimal amount) => SqliteMoney.ToText(amount)!;

    private static SqliteConnection Open(IEnumerable<(string Group, string? Amount)> rows)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteMoney.RegisterSum(connection);
        SqliteMoney.RegisterAdd(connection);
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE money (spend_group TEXT NOT NULL, amount TEXT);";
            create.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO money (spend_group, amount) VALUES ($group, $amount);";
        var group = insert.Parameters.Add("$group", SqliteType.Text);
        var amount = insert.Parameters.Add("$amount", SqliteType.Text);
        foreach (var row in rows)
        {
            group.Value = row.Group;
            amount.Value = (object?)row.Amount ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }

    private static string? Single(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private static Dictionary<string, string> Grouped(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            groups.Add(reader.GetString(0), reader.GetString(1));
        }

        return groups;
    }
}
