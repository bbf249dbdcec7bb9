using Tollgate.LoadBench;

LoadBenchOptions options;
try
{
    options = LoadBenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync("loadbench: " + exception.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync(LoadBenchOptions.Usage).ConfigureAwait(false);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(LoadBenchOptions.Usage);
    return 0;
}

return await LoadBenchRun.RunAsync(options, CancellationToken.None).ConfigureAwait(false);
