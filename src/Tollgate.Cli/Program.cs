using System.CommandLine;
using Tollgate.Cli.Commands;

var root = new RootCommand("Tollgate: an LLM cost-control gateway for the OpenAI and Anthropic APIs.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
