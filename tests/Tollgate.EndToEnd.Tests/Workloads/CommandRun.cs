using System.Text.Json;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests.Workloads;

/// <summary>Runs a <c>tollgate</c> command to its end and reads its standard output as the JSON document it printed.</summary>
public static class CommandRun
{
    public static async Task<(int ExitCode, JsonElement Json, string Errors)> JsonAsync(params string[] arguments)
    {
        var (exitCode, output, errors) = await TollgateProcess.RunSeparatedAsync(arguments, timeout: TimeSpan.FromMinutes(3));
        Assert.True(output.TrimStart().StartsWith('{'), $"exit {exitCode}; standard output is not a JSON document:\n{output}\nstandard error:\n{errors}");
        using var document = JsonDocument.Parse(output);
        return (exitCode, document.RootElement.Clone(), errors);
    }

    /// <summary>A loopback address nothing listens on.</summary>
    public static string UnreachableGateway() => $"http://127.0.0.1:{FreePort.Next()}";
}
