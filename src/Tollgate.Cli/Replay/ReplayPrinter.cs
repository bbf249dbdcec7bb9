using System.Globalization;
using Spectre.Console;

namespace Tollgate.Cli.Replay;

/// <summary>The replay's result as tables for people.</summary>
internal static class ReplayPrinter
{
    public static void Print(ReplaySummary summary)
    {
        var console = AnsiConsole.Console;
        var money = new Table().Title("Cost").AddColumn("").AddColumn(new TableColumn("USD").RightAligned());
        money.AddRow("without Tollgate (baseline)", Usd(summary.BaselineCostUsd));
        money.AddRow("with Tollgate", Usd(summary.CostUsd));
        money.AddRow("saved", Usd(summary.SavedUsd) + (summary.SavedShare is { } share ? $" ({share * 100:0.0} %)" : string.Empty));
        console.Write(money);

        var levers = new Table().Title("Savings by lever").AddColumn("lever").AddColumn(new TableColumn("requests").RightAligned()).AddColumn(new TableColumn("saved USD").RightAligned());
        foreach (var lever in summary.SavingsByLever)
        {
            levers.AddRow(lever.Lever, lever.Requests.ToString(CultureInfo.InvariantCulture), Usd(lever.SavedUsd));
        }

        if (summary.SavingsByLever.Count == 0)
        {
            levers.AddRow("(none)", "0", Usd(0m));
        }

        console.Write(levers);

        var run = new Table().Title("Requests").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        run.AddRow("sent", Count(summary.Requests));
        run.AddRow("succeeded", Count(summary.Succeeded));
        run.AddRow("errors", Count(summary.Errors) + (summary.ErrorsByType.Count > 0 ? " (" + string.Join(", ", summary.ErrorsByType.Select(e => $"{e.Key} {e.Value}")) + ")" : string.Empty));
        run.AddRow("malformed lines skipped", Count(summary.MalformedLines));
        run.AddRow("answers by cache status", Markup.Escape(string.Join(", ", summary.Cache.Select(c => $"{c.Key} {c.Value}"))));
        run.AddRow("latency p50 / p95 / p99 (ms)", $"{Ms(summary.LatencyMs.P50)} / {Ms(summary.LatencyMs.P95)} / {Ms(summary.LatencyMs.P99)}");
        run.AddRow("duration (s)", summary.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        if (summary.Labels is { } labels)
        {
            run.AddRow("reused answers checked against labels", Count(labels.ReusedChecked));
            run.AddRow("wrong answers", Count(labels.WrongAnswers) + (labels.WrongAnswerRate is { } rate ? $" ({rate * 100:0.00} %)" : string.Empty));
            run.AddRow("reused answers not verifiable", Count(labels.Unverified));
        }

        if (summary.UnpricedRequests > 0)
        {
            run.AddRow("requests without a price (left out of the money)", Count(summary.UnpricedRequests));
        }

        console.Write(run);
    }

    private static string Usd(decimal? value) => value is { } usd ? usd.ToString("0.000000", CultureInfo.InvariantCulture) : "unknown";

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
