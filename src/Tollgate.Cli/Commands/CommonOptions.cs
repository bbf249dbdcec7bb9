using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    // The help prints the default itself ("[default: …]"), from TOLLGATE_DATA_DIR when that is set.
    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "Directory holding the SQLite ledger and key store (TOLLGATE_DATA_DIR when set).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOLLGATE_DATA_DIR") is { Length: > 0 } dir ? dir : ".tollgate",
    };
}
