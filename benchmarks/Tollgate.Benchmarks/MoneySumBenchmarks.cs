using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Tollgate.Storage.Embedded.Sqlite;

namespace Tollgate.Benchmarks;

/// <summary>
/// What summing money costs SQLite per value: 100,000 amounts as the ledger stores them (decimal text, one in ten
/// NULL) in an in-memory table, summed in one statement by <see cref="SqliteMoney.SumFunction"/>; by the same decimal
/// sum registered through Microsoft.Data.Sqlite's <c>CreateAggregate</c> (how it was registered before); by SQLite's
/// own <c>TOTAL</c> (a REAL sum, inexact); and <c>COUNT</c>, the floor of reading the values at all.
/// </summary>
[MemoryDiagnoser]
public class MoneySumBenchmarks
{
    private const int Amounts = 100_000;

    private SqliteConnection _connection = null!;
    private SqliteCommand _sum = null!;

    /// <summary>How the amounts are summed.</summary>
    [Params("tollgate_money_sum", "CreateAggregate", "TOTAL (REAL)", "COUNT")]
    public string Sum { get; set; } = "tollgate_money_sum";

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using (var transaction = _connection.BeginTransaction())
        {
            using var create = _connection.CreateCommand();
            create.CommandText = "CREATE TABLE money (amount TEXT);";
            create.ExecuteNonQuery();
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT INTO money (amount) VALUES ($amount);";
            var amount = insert.Parameters.Add("$amount", SqliteType.Text);
            var random = new Random(1);
            for (var i = 0; i < Amounts; i++)
            {
                // Prices of a request: up to a dollar, to the hundred-millionth.
                amount.Value = random.Next(10) == 0 ? DBNull.Value : SqliteMoney.ToText(random.Next(1, 100_000_000) / 100_000_000m);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var function = Sum switch
        {
            "TOTAL (REAL)" => "TOTAL",
            "COUNT" => "COUNT",
            _ => SqliteMoney.SumFunction,
        };
        if (Sum == "CreateAggregate")
        {
            _connection.CreateAggregate<string?, decimal, string>(
                SqliteMoney.SumFunction,
                0m,
                static (sum, amount) => amount is null ? sum : sum + SqliteMoney.Parse(amount),
                static sum => sum.ToString(CultureInfo.InvariantCulture),
                isDeterministic: true);
        }
        else
        {
            SqliteMoney.RegisterSum(_connection);
        }

        _sum = _connection.CreateCommand();
        _sum.CommandText = $"SELECT {function}(amount) FROM money;";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sum.Dispose();
        _connection.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Amounts, Description = "per amount")]
    public object? SumAmounts() => _sum.ExecuteScalar();
}
