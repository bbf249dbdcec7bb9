using System.Runtime.InteropServices;

namespace Tollgate.LoadBench;

/// <summary>What the benchmark ran on, for the report.</summary>
internal sealed record MachineInfo(int Processors, string CpuModel, string Runtime, string Os, string LoadAverage)
{
    public static MachineInfo Read()
    {
        var model = "unknown";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    model = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux: the model stays unknown.
        }

        return new MachineInfo(Environment.ProcessorCount, model, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, ReadLoadAverage());
    }

    public static string ReadLoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
