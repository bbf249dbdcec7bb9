namespace Tollgate.Cli.Commands;

/// <summary>
/// The exit codes of <c>tollgate replay</c>, <c>estimate</c> and <c>profile</c>, which scripts rely on (README,
/// <c>samples/README.md</c>). Each failure also says what went wrong in one line on standard error.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>Anything else that went wrong (the gateway refused the admin key, answered an error …).</summary>
    public const int Failed = 1;

    /// <summary>An option was missing or out of range, a model unknown, or the file held no usable line.</summary>
    public const int BadArguments = 2;

    /// <summary>The workload file (or the data directory's database) does not exist.</summary>
    public const int MissingFile = 3;

    /// <summary>The gateway named by <c>--gateway</c> could not be reached.</summary>
    public const int GatewayUnreachable = 4;

    /// <summary>The replay ran, but more of its requests failed than <c>--max-error-rate</c> allows.</summary>
    public const int TooManyErrors = 5;

    /// <summary>Writes <c>tollgate: </c><paramref name="message"/> on standard error and returns <paramref name="exitCode"/>.</summary>
    public static async Task<int> FailAsync(int exitCode, string message)
    {
        await Console.Error.WriteLineAsync("tollgate: " + message).ConfigureAwait(false);
        return exitCode;
    }
}
