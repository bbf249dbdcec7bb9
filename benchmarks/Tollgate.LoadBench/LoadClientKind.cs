namespace Tollgate.LoadBench;

/// <summary>Which program generates the load of the non-stream cells.</summary>
internal enum LoadClientKind
{
    /// <summary><c>wrk</c> when it is on the PATH, else the built-in client.</summary>
    Auto,

    /// <summary><c>wrk</c> with a Lua script (an efficient C client that leaves the cores to the servers).</summary>
    Wrk,

    /// <summary>The built-in closed-loop .NET client.</summary>
    Dotnet,
}
