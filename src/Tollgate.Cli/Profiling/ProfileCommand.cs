using System.CommandLine;
using System.Text.Json;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Json;
using Tollgate.Cli.Workloads;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;

namespace Tollgate.Cli.Profiling;

/// <summary>
/// <c>tollgate profile FILE.jsonl | --from-ledger</c>: prompt uniqueness, duplicate and near-duplicate clusters, prefix
/// sharing, and what the exact cache, the semantic cache and provider prompt caching would each save
/// (<see cref="PromptProfiler"/>). The ledger keeps no prompt text, so <c>--from-ledger</c> reports what its rows do
/// hold: cache hits and savings by lever, and the prompt tokens the provider billed as cached. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "The workload to profile, one request per line (samples/README.md describes the format).", Arity = ArgumentArity.ZeroOrOne };
        var fromLedger = new Option<bool>("--from-ledger") { Description = "Profile the ledger's last --days instead of a file (what its rows allow: see the notes it prints)." };
        var days = new Option<int>("--days") { Description = "With --from-ledger: how many days back to read.", DefaultValueFactory = _ => 30 };
        var dataDirectory = CommonOptions.DataDirectory();
        var gateway = new Option<string?>("--gateway") { Description = "With --from-ledger: ask this running gateway instead of reading the data directory." };
        var adminKey = AdminApi.AdminKey();
        var outputTokens = new Option<long>("--output-tokens") { Description = "Output tokens assumed for a request that sets no output limit.", DefaultValueFactory = _ => 200 };
        var maxSemantic = new Option<int>("--max-semantic") { Description = "Distinct prompts compared for near duplicates at most (each is embedded once).", DefaultValueFactory = _ => 2_000 };
        var format = new Option<string>("--format") { Description = "table for people, json for scripts.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("profile", "Profile a workload's prompts (uniqueness, duplicate and near-duplicate clusters, shared prefixes) and what each cache lever would save.")
        {
            file, fromLedger, days, dataDirectory, gateway, adminKey, outputTokens, maxSemantic, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            PricingCatalog pricing;
            try
            {
                pricing = PricingCatalog.Load(Environment.GetEnvironmentVariable("TOLLGATE_PRICING_FILE"));
            }
            catch (PricingCatalogException exception)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, exception.Message).ConfigureAwait(false);
            }

            ProfileReport? report;
            if (parse.GetValue(fromLedger))
            {
                var period = parse.GetValue(days);
                if (period is < 1 or > 3650 || parse.GetValue(file) is not null)
                {
                    return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--from-ledger takes no FILE, and --days from 1 to 3650.").ConfigureAwait(false);
                }

                var to = DateTimeOffset.UtcNow;
                var (exitCode, spend) = parse.GetValue(gateway) is { } url
                    ? await LedgerSpend.FromGatewayAsync(url, parse.GetValue(adminKey), SpendGrouping.Lever, to.AddDays(-period), cancellationToken).ConfigureAwait(false)
                    : await LedgerSpend.FromDataDirectoryAsync(parse.GetValue(dataDirectory)!, SpendGrouping.Lever, to.AddDays(-period), to).ConfigureAwait(false);
                if (spend is null)
                {
                    return exitCode;
                }

                report = FromLedger(spend, period);
            }
            else
            {
                if (parse.GetValue(file) is not { } path)
                {
                    return await ExitCodes.FailAsync(ExitCodes.BadArguments, "name a workload FILE, or --from-ledger.").ConfigureAwait(false);
                }

                if (parse.GetValue(maxSemantic) < 0 || parse.GetValue(outputTokens) < 0)
                {
                    return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--max-semantic and --output-tokens must be 0 or more.").ConfigureAwait(false);
                }

                IReadOnlyList<WorkloadLine> lines;
                try
                {
                    (lines, _) = WorkloadReader.Read(path, Console.Error);
                }
                catch (FileNotFoundException exception)
                {
                    return await ExitCodes.FailAsync(ExitCodes.MissingFile, exception.Message).ConfigureAwait(false);
                }

                if (lines.Count == 0)
                {
                    return await ExitCodes.FailAsync(ExitCodes.BadArguments, $"{path} holds no request to profile.").ConfigureAwait(false);
                }

                report = await new PromptProfiler(pricing, parse.GetValue(outputTokens), parse.GetValue(maxSemantic)).ProfileAsync(path, lines, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.ProfileReport));
            }
            else
            {
                ProfilePrinter.Print(report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What the ledger's rows allow: requests, savings by lever as recorded, the provider's cached share of prompt tokens.</summary>
    private static ProfileReport FromLedger(SpendReport byLever, int days)
    {
        var totals = byLever.Totals;
        return new ProfileReport
        {
            Source = $"ledger, last {days} days",
            Requests = totals.Requests,
            PrefixSharingRatio = totals.InputTokens > 0 ? Math.Round((decimal)totals.CachedInputTokens / totals.InputTokens, 4) : null,
            InputTokens = totals.InputTokens,
            BaselineCostUsd = totals.BaselineCostUsd,
            Savings = [.. byLever.Rows.Where(r => r.Group is not null).Select(r => new ProfileSaving(r.Group!, r.Requests, r.SavedUsd ?? 0m, totals.BaselineCostUsd is > 0m ? Math.Round((r.SavedUsd ?? 0m) / totals.BaselineCostUsd.Value, 4) : null))],
            UnpricedRequests = totals.UnpricedRequests,
            Notes =
            [
                "The ledger keeps no prompt text or prompt hash, so prompt uniqueness and duplicate or near-duplicate clusters cannot be measured from it: profile a workload file for those.",
                "The prefix-sharing ratio is the provider's: prompt tokens it billed as cached ÷ all prompt tokens; the savings are those the levers made, as recorded.",
            ],
        };
    }
}
