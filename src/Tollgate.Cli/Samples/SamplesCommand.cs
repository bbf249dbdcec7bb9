using System.CommandLine;
using Tollgate.Cli.Commands;

namespace Tollgate.Cli.Samples;

/// <summary>
/// <c>tollgate samples</c> (hidden: it is for the project's own <c>samples/</c>): writes the sample workloads from the
/// public data sets, deterministically (<see cref="SampleGenerator"/>).
/// </summary>
internal static class SamplesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Directory holding banking77/, azure-llm-2023/ and mooncake/.", DefaultValueFactory = _ => Path.Combine("..", "shared", "data") };
        var output = new Option<string>("--out") { Description = "Where the workloads are written.", DefaultValueFactory = _ => "samples" };
        var seed = new Option<int>("--seed") { Description = "Seed of every draw.", DefaultValueFactory = _ => 18 };
        var supportBot = new Option<int>("--support-bot") { Description = "Lines of support-bot.jsonl.", DefaultValueFactory = _ => 1_500 };
        var chat = new Option<int>("--chat-assistant") { Description = "Lines of chat-assistant.jsonl.", DefaultValueFactory = _ => 200 };
        var longPrefix = new Option<int>("--long-prefix") { Description = "Lines of long-prefix.jsonl.", DefaultValueFactory = _ => 120 };
        var command = new Command("samples", "Write the sample workloads (samples/) from the public data sets.") { data, output, seed, supportBot, chat, longPrefix };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var generator = new SampleGenerator(parse.GetValue(data)!, parse.GetValue(seed));
            if (generator.Inputs.FirstOrDefault(path => !File.Exists(path)) is { } missing)
            {
                await Console.Error.WriteLineAsync($"tollgate: there is no {Path.GetFullPath(missing)}; name the data directory with --data.").ConfigureAwait(false);
                return ExitCodes.MissingFile;
            }

            var directory = parse.GetValue(output)!;
            generator.WriteSupportBot(Path.Combine(directory, SampleGenerator.SupportBotFile), parse.GetValue(supportBot));
            generator.WriteChatAssistant(Path.Combine(directory, SampleGenerator.ChatAssistantFile), parse.GetValue(chat));
            generator.WriteLongPrefix(Path.Combine(directory, SampleGenerator.LongPrefixFile), parse.GetValue(longPrefix));
            Console.WriteLine($"Wrote {SampleGenerator.SupportBotFile}, {SampleGenerator.ChatAssistantFile} and {SampleGenerator.LongPrefixFile} to {Path.GetFullPath(directory)}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
