using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// <see cref="SqliteMoney.SumFunction"/> and <see cref="SqliteMoney.AddFunction"/> registered with SQLite itself rather
/// than through Microsoft.Data.Sqlite's <c>CreateAggregate</c>/<c>CreateFunction</c>, whose wrapping of every value (a
/// value reader, boxing, a string per amount, a handle reference per read) cost several times what the spend report's
/// query costs without it. An amount is parsed from SQLite's own UTF-8 text by the same decimal parser, styles and
/// culture as <see cref="SqliteMoney.Parse(string)"/>, and a result is written as UTF-8 without a string in between.
/// </summary>
internal static class SqliteMoneyFunctions
{
    // Held for the life of the process: SQLite calls them through the connection's registration.
    private static readonly delegate_function_aggregate_step SumStep = Step;
    private static readonly delegate_function_aggregate_final SumFinal = Final;
    private static readonly delegate_function_scalar AddCall = Add;

    /// <summary>Registers <see cref="SqliteMoney.SumFunction"/> on the open connection.</summary>
    public static void RegisterSum(SqliteConnection connection) =>
        Check(connection, raw.sqlite3_create_function(connection.Handle, SqliteMoney.SumFunction, 1, raw.SQLITE_DETERMINISTIC, null, SumStep, SumFinal));

    /// <summary>Registers <see cref="SqliteMoney.AddFunction"/> on the open connection.</summary>
    public static void RegisterAdd(SqliteConnection connection) =>
        Check(connection, raw.sqlite3_create_function(connection.Handle, SqliteMoney.AddFunction, 2, raw.SQLITE_DETERMINISTIC, null, AddCall));

    // Exceptions must not leave a callback (it is called from native code): a bad amount or an overflow fails the
    // statement with the exception's message, as Microsoft.Data.Sqlite's wrapper reported it.
    private static void Step(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        var amount = args[0];
        if (raw.sqlite3_value_type(amount) == raw.SQLITE_NULL)
        {
            return;
        }

        try
        {
            // One running sum per group: the state SQLitePCLRaw keeps in the group's aggregate context.
            if (context.state is not StrongBox<decimal> sum)
            {
                context.state = sum = new StrongBox<decimal>();
            }

            sum.Value += Parse(amount);
        }
        catch (Exception exception)
        {
            raw.sqlite3_result_error(context, exception.Message);
        }
    }

    // A group with no amount (no rows, or only NULLs) sums to 0, the seed the sum starts from.
    private static void Final(sqlite3_context context, object userData) =>
        Result(context, context.state is StrongBox<decimal> sum ? sum.Value : 0m);

    private static void Add(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        try
        {
            Result(context, AmountOrZero(args[0]) + AmountOrZero(args[1]));
        }
        catch (Exception exception)
        {
            raw.sqlite3_result_error(context, exception.Message);
        }
    }

    private static decimal AmountOrZero(sqlite3_value value) => raw.sqlite3_value_type(value) == raw.SQLITE_NULL ? 0m : Parse(value);

    /// <summary>The value's text (SQLite's text of a number, for a number) as <see cref="SqliteMoney.Parse(string)"/> reads it.</summary>
    private static decimal Parse(sqlite3_value value)
    {
        var text = raw.sqlite3_value_text(value);
        ref readonly var first = ref text.GetPinnableReference();
        if (Unsafe.IsNullRef(in first))
        {
            throw new InsufficientMemoryException("SQLite could not convert the amount to text.");
        }

        // The length of the text just made, in bytes: sqlite3_value_bytes after sqlite3_value_text.
        return SqliteMoney.Parse(MemoryMarshal.CreateReadOnlySpan(in first, raw.sqlite3_value_bytes(value)));
    }

    private static void Result(sqlite3_context context, decimal amount)
    {
        Span<byte> text = stackalloc byte[SqliteMoney.MaxTextLength];
        raw.sqlite3_result_text(context, text[..SqliteMoney.Format(amount, text)]);
    }

    private static void Check(SqliteConnection connection, int rc) => SqliteException.ThrowExceptionForRC(rc, connection.Handle);
}
