using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Json;
using Tollgate.Core.Pricing;
using Tollgate.Core.Routing;

namespace Tollgate.Cli.Estimates;

/// <summary>
/// <c>tollgate estimate</c>: the monthly cost of a workload across scenarios side by side (no levers, each lever, all
/// levers), from the pricing and model catalogs; with <c>--from-ledger</c>, the last days of a ledger re-priced under
/// what-if policies (<see cref="LedgerWhatIf"/>). Exit codes: <see cref="ExitCodes"/>.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var options = new EstimateOptions();
        var command = new Command("estimate", "Estimate a workload's monthly cost with and without each lever, or re-price the ledger's last days under what-if policies (--from-ledger).");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(options.Format) == "json";
            PricingCatalog pricing;
            try
            {
                pricing = PricingCatalog.Load(Environment.GetEnvironmentVariable("TOLLGATE_PRICING_FILE"));
            }
            catch (PricingCatalogException exception)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, exception.Message).ConfigureAwait(false);
            }

            if (!options.TryShares(parse, out var problem))
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, problem).ConfigureAwait(false);
            }

            if (parse.GetValue(options.FromLedger))
            {
                return await LedgerEstimate.RunAsync(parse, options, pricing, json, cancellationToken).ConfigureAwait(false);
            }

            return await WorkloadAsync(parse, options, pricing, json).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> WorkloadAsync(ParseResult parse, EstimateOptions options, PricingCatalog pricing, bool json)
    {
        var modelName = parse.GetValue(options.Model);
        if (modelName is null)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--model is required (or --from-ledger to re-price the ledger).").ConfigureAwait(false);
        }

        if (pricing.Find(modelName) is not { } model)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, UnknownModel(modelName)).ConfigureAwait(false);
        }

        var requests = parse.GetValue(options.RequestsPerDay);
        var input = parse.GetValue(options.InputTokens);
        var output = parse.GetValue(options.OutputTokens);
        if (requests < 0 || input < 0 || output < 0)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, "--requests-per-day, --input-tokens and --output-tokens must be 0 or more.").ConfigureAwait(false);
        }

        var cheaperShare = (decimal)parse.GetValue(options.CheaperTierShare);
        ModelPrice? cheaper = null;
        if (cheaperShare > 0)
        {
            var cheaperName = parse.GetValue(options.CheaperModel) ?? CheaperTier(pricing, model);
            if (cheaperName is null)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, $"the model catalog has no cheaper tier than {model.Model}'s; name the model with --cheaper-model.").ConfigureAwait(false);
            }

            if (pricing.Find(cheaperName) is not { } found)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, UnknownModel(cheaperName)).ConfigureAwait(false);
            }

            cheaper = found;
        }

        var estimate = new WorkloadEstimate(
            model, cheaper, requests, input, output, (decimal)parse.GetValue(options.CacheHitRate), cheaperShare, (decimal)parse.GetValue(options.BatchShare), (decimal)parse.GetValue(options.CachedPrefixShare));
        var report = new EstimateReport
        {
            Model = model.Model,
            CheaperModel = cheaper?.Model,
            RequestsPerDay = requests,
            InputTokens = input,
            OutputTokens = output,
            CacheHitRate = estimate.CacheHitRate,
            CheaperTierShare = cheaperShare,
            BatchShare = estimate.BatchShare,
            CachedPrefixShare = estimate.CachedPrefixShare,
            DaysPerMonth = WorkloadEstimate.DaysPerMonth,
            PricingVersion = pricing.Version,
            Scenarios = estimate.Scenarios(),
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.EstimateReport));
        }
        else
        {
            Console.WriteLine($"{requests:N0} requests a day of {input:N0} input and {output:N0} output tokens on {model.Model}, over {WorkloadEstimate.DaysPerMonth} days (prices {pricing.Version}):");
            PrintScenarios(report.Scenarios, "saved vs no levers");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The preferred model one tier below <paramref name="model"/>'s in its family, or null when it is at the bottom or not in the catalog.</summary>
    private static string? CheaperTier(PricingCatalog pricing, ModelPrice model)
    {
        var catalog = ModelCatalog.Load(pricing);
        return catalog.Find(model.Model) is { Tier: > ModelTier.Small } entry ? catalog.Preferred(entry.Provider, entry.Tier - 1)?.Model : null;
    }

    /// <summary>Scenarios as a table, one row each.</summary>
    public static void PrintScenarios(IReadOnlyList<EstimateScenario> scenarios, string savedColumn)
    {
        var table = new Table()
            .AddColumn("scenario")
            .AddColumn(new TableColumn("USD / month").RightAligned())
            .AddColumn(new TableColumn(savedColumn).RightAligned())
            .AddColumn(new TableColumn("saved %").RightAligned());
        foreach (var scenario in scenarios)
        {
            table.AddRow(
                Markup.Escape(scenario.Name),
                scenario.MonthlyCostUsd.ToString("#,##0.00####", CultureInfo.InvariantCulture),
                scenario.SavedUsd.ToString("#,##0.00####", CultureInfo.InvariantCulture),
                (scenario.SavedShare * 100).ToString("0.0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    public static string UnknownModel(string name) =>
        $"unknown model '{name}': the pricing catalog has no price for it (GET /admin/pricing lists the models; a pricing file adds one).";
}
