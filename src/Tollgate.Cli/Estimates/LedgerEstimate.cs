using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tollgate.Cli.Commands;
using Tollgate.Cli.Json;
using Tollgate.Core.Ledger;
using Tollgate.Core.Pricing;

namespace Tollgate.Cli.Estimates;

/// <summary><c>tollgate estimate --from-ledger</c>: the spend report by model of the last days, from a running gateway or a data directory, re-priced.</summary>
internal static class LedgerEstimate
{
    public static async Task<int> RunAsync(ParseResult parse, EstimateOptions options, PricingCatalog pricing, bool json, CancellationToken cancellationToken)
    {
        var days = parse.GetValue(options.Days);
        if (days is < 1 or > 3650)
        {
            return await ExitCodes.FailAsync(ExitCodes.BadArguments, $"--days must be from 1 to 3650; got {days}.").ConfigureAwait(false);
        }

        ModelPrice? whatIfModel = null;
        if (parse.GetValue(options.WhatIfModel) is { } name)
        {
            whatIfModel = pricing.Find(name);
            if (whatIfModel is null)
            {
                return await ExitCodes.FailAsync(ExitCodes.BadArguments, EstimateCommand.UnknownModel(name)).ConfigureAwait(false);
            }
        }

        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-days);
        var (exitCode, report) = parse.GetValue(options.Gateway) is { } gateway
            ? await LedgerSpend.FromGatewayAsync(gateway, parse.GetValue(options.AdminKey), SpendGrouping.Model, from, cancellationToken).ConfigureAwait(false)
            : await LedgerSpend.FromDataDirectoryAsync(parse.GetValue(options.DataDirectory)!, SpendGrouping.Model, from, to).ConfigureAwait(false);
        if (report is null)
        {
            return exitCode;
        }

        var whatIf = new LedgerWhatIf(report, days, pricing);
        var result = new LedgerEstimateReport
        {
            Days = days,
            From = from,
            To = report.To,
            Requests = report.Totals.Requests,
            RecordedCacheHitRate = whatIf.HitRate,
            UnpricedRequests = report.Totals.UnpricedRequests,
            UnpricedModels = whatIf.UnpricedModels,
            PricingVersion = pricing.Version,
            Scenarios = whatIf.Scenarios(whatIfModel, (decimal?)parse.GetValue(options.WhatIfCacheHitRate), (decimal)parse.GetValue(options.BatchShare)),
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.LedgerEstimateReport));
        }
        else
        {
            Console.WriteLine($"{result.Requests.ToString("N0", CultureInfo.InvariantCulture)} requests in the last {days} days, scaled to {WorkloadEstimate.DaysPerMonth} days (prices {pricing.Version}):");
            EstimateCommand.PrintScenarios(result.Scenarios, "saved vs recorded");
            if (result.UnpricedRequests > 0)
            {
                Console.WriteLine($"{result.UnpricedRequests} requests without a price are left out ({string.Join(", ", result.UnpricedModels)}).");
            }
        }

        return ExitCodes.Ok;
    }
}
