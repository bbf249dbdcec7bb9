using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// The entry points of the SQLite library Microsoft.Data.Sqlite runs on (SQLitePCLRaw's <c>e_sqlite3</c>, resolved by
/// the same name from the same native assets, so the same loaded library) that <see cref="SqliteMoneyFunctions"/> calls
/// itself, once per value. Those called from a function's callbacks are short and never call back into .NET, so they
/// skip the GC transition.
/// </summary>
internal static unsafe partial class SqliteNative
{
    /// <summary><c>SQLITE_UTF8</c>: the function takes and gives text as UTF-8.</summary>
    public const int Utf8 = 1;

    /// <summary><c>SQLITE_DETERMINISTIC</c>.</summary>
    public const int Deterministic = 0x800;

    /// <summary><c>SQLITE_NULL</c>, a value's type.</summary>
    public const int Null = 5;

    /// <summary><c>SQLITE_TRANSIENT</c>: SQLite copies a result before the call returns.</summary>
    public static readonly IntPtr Transient = -1;

    private const string Library = "e_sqlite3";

    /// <summary>Throws unless Microsoft.Data.Sqlite runs on the library these entry points are bound to.</summary>
    public static void EnsureSameLibrary()
    {
        var name = raw.GetNativeLibraryName();
        if (name != Library)
        {
            throw new InvalidOperationException($"SQLite runs on '{name}', not on '{Library}', which the money functions are bound to.");
        }
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_create_function_v2")]
    public static partial int CreateFunction(
        IntPtr db,
        byte* name,
        int arguments,
        int flags,
        IntPtr application,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> function,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> step,
        delegate* unmanaged[Cdecl]<IntPtr, void> final,
        delegate* unmanaged[Cdecl]<IntPtr, void> destroy);

    [LibraryImport(Library, EntryPoint = "sqlite3_value_type")]
    [SuppressGCTransition]
    public static partial int ValueType(IntPtr value);

    /// <summary>The value as UTF-8 text (SQLite's text of a number, for a number); NULL when out of memory.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_value_text")]
    [SuppressGCTransition]
    public static partial byte* ValueText(IntPtr value);

    /// <summary>The length in bytes of the text <see cref="ValueText"/> just gave.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_value_bytes")]
    [SuppressGCTransition]
    public static partial int ValueBytes(IntPtr value);

    /// <summary>
    /// The aggregate's state for the current group: <paramref name="bytes"/> zeroed bytes made on the first call with
    /// more than 0, the same bytes on later calls; NULL when out of memory, or asked with 0 before any was made.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_aggregate_context")]
    [SuppressGCTransition]
    public static partial void* AggregateContext(IntPtr context, int bytes);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_text")]
    [SuppressGCTransition]
    public static partial void ResultText(IntPtr context, byte* text, int length, IntPtr destructor);

    /// <summary>Fails the statement with the message (copied).</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_result_error")]
    public static partial void ResultError(IntPtr context, byte* message, int length);

    [LibraryImport(Library, EntryPoint = "sqlite3_result_error_nomem")]
    public static partial void ResultErrorNoMemory(IntPtr context);
}
