using System.Globalization;

namespace Tollgate.LoadBench;

/// <summary>Whole-machine CPU counters from <c>/proc/stat</c>, to see how busy all cores were during a cell.</summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine() ?? throw new InvalidOperationException("/proc/stat is empty.");
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0, idle = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            var value = long.Parse(fields[i], CultureInfo.InvariantCulture);
            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }

        return new MachineCpu(total - idle, total);
    }

    /// <summary>Share of all cores busy between <paramref name="start"/> and this sample, in percent.</summary>
    public double BusyPercentSince(MachineCpu start) =>
        Total == start.Total ? 0 : 100.0 * (Busy - start.Busy) / (Total - start.Total);
}
