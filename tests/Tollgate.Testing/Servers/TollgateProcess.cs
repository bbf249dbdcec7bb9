using System.Diagnostics;
using System.Text;

namespace Tollgate.Testing.Servers;

/// <summary>
/// A <c>tollgate</c> command running as its own process (<c>dotnet tollgate.dll …</c>), with its standard
/// output and error captured for diagnostics and for checks on what it logs. Disposing kills it.
/// </summary>
public sealed class TollgateProcess : IAsyncDisposable
{
    /// <summary>Variables the tests decide for themselves: inherited values would change what a server does.</summary>
    private static readonly string[] ClearedVariables =
    [
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
        "TOLLGATE_ADMIN_KEY", "TOLLGATE_DATA_DIR", "TOLLGATE_PRICING_FILE", "ASPNETCORE_URLS", "DOTNET_URLS",
    ];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly Lock _gate = new();

    private TollgateProcess(Process process) => _process = process;

    /// <summary>The CLI assembly copied next to the test assemblies by the project reference.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "tollgate.dll");

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written so far, standard output and error interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Everything written so far to standard output alone.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _standardOutput.ToString();
            }
        }
    }

    /// <summary>Everything written so far to standard error alone.</summary>
    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _standardError.ToString();
            }
        }
    }

    /// <summary>What was written so far to standard error alone (where the CLI reports a failure); the same as <see cref="StandardError"/>.</summary>
    public string ErrorOutput => StandardError;

    /// <summary>Starts <c>tollgate</c> with <paramref name="arguments"/>; a null value in <paramref name="environment"/> removes that variable.</summary>
    public static TollgateProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in ClearedVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Tollgate__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["NO_COLOR"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }
        }

        var process = new Process { StartInfo = start };
        var result = new TollgateProcess(process);
        process.OutputDataReceived += (_, line) => result.Append(line.Data, result._standardOutput);
        process.ErrorDataReceived += (_, line) => result.Append(line.Data, result._standardError);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs a command to its end (e.g. <c>keys create</c>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        await using var process = Start(arguments, environment);
        var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, process.Output);
    }

    /// <summary>Runs a command to its end and returns its exit code with its standard output and error apart, for checks on which is which.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunSeparatedAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        await using var process = Start(arguments, environment);
        var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Waits for the process to exit and returns its exit code; fails with its output after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"tollgate (pid {Id}) did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (<c>SIGKILL</c> on Linux): no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends <c>SIGTERM</c>, the signal a service manager sends to stop the process gracefully.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed with exit code {kill.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or never started: nothing left to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line, StringBuilder stream)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            stream.AppendLine(line);
        }
    }
}
