namespace Tollgate.EndToEnd.Tests.Dashboard;

/// <summary>
/// The headless browser the dashboard tests drive: the system's chromium (Debian's <c>chromium</c> package, which
/// <c>./test.sh</c> installs when missing), or the one <c>TOLLGATE_CHROMIUM</c> names. Playwright downloads no browser.
/// </summary>
internal static class Chromium
{
    /// <summary>Where the browser is.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("TOLLGATE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Whether it is there.</summary>
    public static bool Available => File.Exists(ExecutablePath);

    /// <summary>
    /// Whether its absence fails the tests rather than skipping them: <c>./test.sh</c> sets <c>TOLLGATE_REQUIRE_CHROMIUM=1</c>,
    /// having installed it, so a suite run never passes without the dashboard tested.
    /// </summary>
    public static bool Required => Environment.GetEnvironmentVariable("TOLLGATE_REQUIRE_CHROMIUM") == "1";

    /// <summary>
    /// Where the tests leave what a person should look at (the dashboard's screenshot): <c>TOLLGATE_TEST_ARTIFACTS</c>
    /// (<c>./test.sh</c> sets <c>TestResults/artifacts</c> at the repository's root), else <c>artifacts/</c> beside the test assembly.
    /// </summary>
    public static string ArtifactsDirectory { get; } = Environment.GetEnvironmentVariable("TOLLGATE_TEST_ARTIFACTS") is { Length: > 0 } artifacts
        ? artifacts
        : Path.Combine(AppContext.BaseDirectory, "artifacts");
}
