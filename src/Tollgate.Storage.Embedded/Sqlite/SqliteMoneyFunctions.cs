using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// <see cref="SqliteMoney.SumFunction"/> and <see cref="SqliteMoney.AddFunction"/> registered with SQLite as native
/// callbacks. Microsoft.Data.Sqlite's <c>CreateAggregate</c>/<c>CreateFunction</c> (and SQLitePCLRaw's delegates under
/// them) wrap every value in objects, a string and several calls across the native boundary, which cost several times
/// the sum itself. Here an amount is read from SQLite's own UTF-8 text by <see cref="SqliteMoney.Parse(ReadOnlySpan{byte})"/>
/// (what <see cref="SqliteMoney.Parse(string)"/> reads), a group's running sum is a <see cref="decimal"/> in the group's
/// aggregate context, and a result is written as UTF-8: nothing is allocated per value.
/// </summary>
internal static unsafe class SqliteMoneyFunctions
{
    private static readonly byte[] SumName = Encoding.UTF8.GetBytes(SqliteMoney.SumFunction + "\0");
    private static readonly byte[] AddName = Encoding.UTF8.GetBytes(SqliteMoney.AddFunction + "\0");

    /// <summary>Registers <see cref="SqliteMoney.SumFunction"/> on the open connection.</summary>
    public static void RegisterSum(SqliteConnection connection) => Register(connection, SumName, 1, null, &Step, &Final);

    /// <summary>Registers <see cref="SqliteMoney.AddFunction"/> on the open connection.</summary>
    public static void RegisterAdd(SqliteConnection connection) => Register(connection, AddName, 2, &Add, null, null);

    private static void Register(
        SqliteConnection connection,
        byte[] name,
        int arguments,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> function,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> step,
        delegate* unmanaged[Cdecl]<IntPtr, void> final)
    {
        SqliteNative.EnsureSameLibrary();
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int rc;
        fixed (byte* text = name)
        {
            rc = SqliteNative.CreateFunction(
                handle.DangerousGetHandle(), text, arguments, SqliteNative.Utf8 | SqliteNative.Deterministic, IntPtr.Zero, function, step, final, null);
        }

        GC.KeepAlive(handle);
        SqliteException.ThrowExceptionForRC(rc, handle);
    }

    // No exception may leave a callback (it is called from native code): a bad amount or an overflow fails the
    // statement with the exception's message, as Microsoft.Data.Sqlite's wrapper reported it.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Step(IntPtr context, int count, IntPtr* values)
    {
        try
        {
            if (SqliteNative.ValueType(values[0]) == SqliteNative.Null)
            {
                return;
            }

            // The group's running sum; SQLite zeroes it when it makes it, and zero bits are 0m, the sum's seed.
            var sum = (decimal*)SqliteNative.AggregateContext(context, sizeof(decimal));
            if (sum == null)
            {
                SqliteNative.ResultErrorNoMemory(context);
                return;
            }

            if (Amount(context, values[0], out var amount))
            {
                *sum += amount;
            }
        }
        catch (Exception exception)
        {
            Fail(context, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Final(IntPtr context)
    {
        try
        {
            // Asked with 0 bytes, a group that summed no amount (no rows, or only NULLs) has none, and sums to 0.
            var sum = (decimal*)SqliteNative.AggregateContext(context, 0);
            Result(context, sum == null ? 0m : *sum);
        }
        catch (Exception exception)
        {
            Fail(context, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Add(IntPtr context, int count, IntPtr* values)
    {
        try
        {
            if (AmountOrZero(context, values[0], out var sum) && AmountOrZero(context, values[1], out var amount))
            {
                Result(context, sum + amount);
            }
        }
        catch (Exception exception)
        {
            Fail(context, exception);
        }
    }

    private static bool AmountOrZero(IntPtr context, IntPtr value, out decimal amount)
    {
        if (SqliteNative.ValueType(value) == SqliteNative.Null)
        {
            amount = 0m;
            return true;
        }

        return Amount(context, value, out amount);
    }

    // False when SQLite ran out of memory making the text (the statement then fails with SQLITE_NOMEM).
    private static bool Amount(IntPtr context, IntPtr value, out decimal amount)
    {
        var text = SqliteNative.ValueText(value);
        if (text == null)
        {
            SqliteNative.ResultErrorNoMemory(context);
            amount = 0m;
            return false;
        }

        amount = SqliteMoney.Parse(new ReadOnlySpan<byte>(text, SqliteNative.ValueBytes(value)));
        return true;
    }

    private static void Result(IntPtr context, decimal amount)
    {
        var text = stackalloc byte[SqliteMoney.MaxTextLength];
        var length = SqliteMoney.Format(amount, new Span<byte>(text, SqliteMoney.MaxTextLength));
        SqliteNative.ResultText(context, text, length, SqliteNative.Transient);
    }

    private static void Fail(IntPtr context, Exception exception)
    {
        var message = Encoding.UTF8.GetBytes(exception.Message);
        fixed (byte* text = message)
        {
            SqliteNative.ResultError(context, text, message.Length);
        }
    }
}
