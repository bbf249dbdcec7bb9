using System.CommandLine;
using System.Data.Common;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Estimates;
using Tollgate.Cli.Profiling;
using Tollgate.Cli.Replay;
using Tollgate.Cli.Samples;
using Tollgate.Gateway.Hosting;

var root = new RootCommand("Tollgate: an LLM cost-control gateway for the OpenAI and Anthropic APIs.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(CacheCommand.Create());
root.Subcommands.Add(AlertsCommand.Create());
root.Subcommands.Add(BudgetsCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(PromptsCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(EstimateCommand.Create());
root.Subcommands.Add(ProfileCommand.Create());
root.Subcommands.Add(SamplesCommand.Create());
try
{
    // System.CommandLine's own handler would print the stack trace of anything a command lets through.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    return 130; // Ctrl+C before the command was up: nothing went wrong
}
catch (Exception exception)
{
    // A failure a user can act on reads as its message; anything else also says what kind of failure it was.
    var expected = exception is GatewayStartupException or IOException or UnauthorizedAccessException or DbException or InvalidOperationException or ArgumentException;
    var message = expected ? exception.Message : $"unexpected {exception.GetType().Name}: {exception.Message}";
    await Console.Error.WriteLineAsync("tollgate: " + message.ReplaceLineEndings(" ")).ConfigureAwait(false);
    return 1;
}
