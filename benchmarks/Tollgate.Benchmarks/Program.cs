using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Tollgate.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Tollgate.Benchmarks.Payloads).Assembly).Run(args);
