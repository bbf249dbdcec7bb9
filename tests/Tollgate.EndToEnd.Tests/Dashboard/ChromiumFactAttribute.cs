namespace Tollgate.EndToEnd.Tests.Dashboard;

/// <summary>
/// A test that needs <see cref="Chromium"/>: skipped, saying why, when the browser is missing and not
/// <see cref="Chromium.Required"/>; run (and failing for want of it) otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.Available && !Chromium.Required)
        {
            Skip = $"No chromium at {Chromium.ExecutablePath}: install it (apt-get install chromium) or name one in TOLLGATE_CHROMIUM. ./test.sh installs it and never skips.";
        }
    }
}
