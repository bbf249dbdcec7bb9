using BenchmarkDotNet.Running;
using Tollgate.Benchmarks;

// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- cache-memory [entries]
// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- fallback-529 [calls]
// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- metrics-cpu
// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- dashboard-ledger   (makes DashboardReadBenchmarks' ledgers ahead)
// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- dashboard-paint [rounds] [--dense] [--detail] [--profile DIR]   (the page in Chromium on that ledger)
if (args.Length > 0 && args[0] == "dashboard-ledger")
{
    Console.WriteLine(DashboardReadBenchmarks.EnsureLedger());
    Console.WriteLine(DashboardReadBenchmarks.EnsureLedger(dense: true));
    return 0;
}

if (args.Length > 0 && args[0] == DashboardPaintRunner.Command)
{
    return await DashboardPaintRunner.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == CacheMemoryRunner.Command)
{
    return await CacheMemoryRunner.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == FallbackRunner.Command)
{
    return await FallbackRunner.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == MetricsCpuRunner.Command)
{
    return MetricsCpuRunner.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(Payloads).Assembly).Run(args);
return 0;
