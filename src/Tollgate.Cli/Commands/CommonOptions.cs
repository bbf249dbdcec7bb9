using System.CommandLine;

namespace Tollgate.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "Directory holding the SQLite ledger and key store; also read from TOLLGATE_DATA_DIR.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOLLGATE_DATA_DIR") is { Length: > 0 } dir ? dir : ".tollgate",
    };
}
