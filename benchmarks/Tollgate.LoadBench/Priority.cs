using System.Diagnostics;
using System.Globalization;

namespace Tollgate.LoadBench;

/// <summary>Sets a process's nice value with <c>renice</c> (all its threads, since Linux nice is per thread).</summary>
internal static class Priority
{
    public static void Apply(int pid, int? nice)
    {
        if (nice is not { } value)
        {
            return;
        }

        // Every thread (task) of the process: renice on a pid alone changes only its main thread.
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var start = new ProcessStartInfo("renice") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(value.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("-p");
            start.ArgumentList.Add(Path.GetFileName(task));
            using var renice = Process.Start(start);
            renice?.WaitForExit();
        }
    }
}
