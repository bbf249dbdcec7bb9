using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Tollgate.Core.Ledger;
using Tollgate.Gateway.Endpoints;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Writes a <see cref="ReportDocument"/>: <c>table</c> (Spectre.Console tables on a terminal, tab-separated sections
/// when the output is redirected), <c>json</c> (the whole document) or <c>csv</c> (three sections, each its header
/// line and rows, separated by an empty line: the spend table with its total, the savings by lever, the outliers).
/// </summary>
internal static class ReportWriter
{
    private static readonly string[] SpendColumns = ["requests", "input_tokens", "cached_input_tokens", "output_tokens", "cost_usd", "baseline_cost_usd", "saved_usd", "hits", "unpriced_requests"];
    private static readonly string[] OutlierColumns = ["request_id", "created_at", "feature", "model", "user", "team", "input_tokens", "output_tokens", "cost_usd"];

    public static void Write(ReportDocument report, string format)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.ReportDocument));
                break;
            case "csv":
                WriteSeparated(report, ',', Csv);
                break;
            default:
                if (Console.IsOutputRedirected)
                {
                    // For scripts reading the table: tab-separated sections, never wrapped; new columns go at the end.
                    WriteSeparated(report, '\t', static text => text.ReplaceLineEndings(" ").Replace('\t', ' '));
                }
                else
                {
                    WriteTables(report);
                }

                break;
        }
    }

    /// <summary>The cells of a spend row, in the order of <see cref="SpendColumns"/>.</summary>
    private static string[] Figures(SpendFigures figures) =>
    [
        Number(figures.Requests), Number(figures.InputTokens), Number(figures.CachedInputTokens), Number(figures.OutputTokens),
        Money(figures.CostUsd), Money(figures.BaselineCostUsd), Money(figures.SavedUsd), Number(figures.Hits), Number(figures.UnpricedRequests),
    ];

    private static string[] Outlier(OutlierResponse outlier) =>
    [
        outlier.RequestId, outlier.CreatedAt.ToString("O", CultureInfo.InvariantCulture), outlier.Feature ?? string.Empty, outlier.Model ?? string.Empty,
        outlier.User ?? string.Empty, outlier.Team ?? string.Empty, Number(outlier.InputTokens), Number(outlier.OutputTokens), Money(outlier.CostUsd),
    ];

    private static void WriteSeparated(ReportDocument report, char separator, Func<string, string> cell)
    {
        var output = new StringBuilder();
        void Line(IEnumerable<string> cells) => output.AppendJoin(separator, cells.Select(cell)).Append('\n');

        Line([report.Spend.GroupBy, .. SpendColumns]);
        foreach (var row in report.Spend.Rows)
        {
            Line([row.Group ?? string.Empty, .. Figures(row)]);
        }

        Line(["(total)", .. Figures(report.Spend.Totals)]);
        output.Append('\n');
        Line(["lever", "requests", "saved_usd"]);
        foreach (var row in report.SavingsByLever.Rows)
        {
            Line([row.Group ?? string.Empty, Number(row.Requests), Money(row.SavedUsd)]);
        }

        output.Append('\n');
        Line(OutlierColumns);
        foreach (var outlier in report.Outliers)
        {
            Line(Outlier(outlier));
        }

        Console.Write(output.ToString());
    }

    private static void WriteTables(ReportDocument report)
    {
        var period = $"{report.Since.UtcDateTime:yyyy-MM-dd HH:mm} to {report.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        var spend = new Table { Title = new TableTitle(Markup.Escape($"Spend by {report.Spend.GroupBy}, {period}")) }
            .AddColumns(report.Spend.GroupBy, "requests", "input tokens", "cached", "output tokens", "cost $", "baseline $", "saved $", "hits", "unpriced");
        foreach (var row in report.Spend.Rows)
        {
            spend.AddRow([Markup.Escape(row.Group ?? "(none)"), .. Figures(row)]);
        }

        spend.AddRow(["[bold]total[/]", .. Figures(report.Spend.Totals)]);
        AnsiConsole.Write(spend);

        var levers = new Table { Title = new TableTitle("Savings by lever") }.AddColumns("lever", "requests", "saved $");
        foreach (var row in report.SavingsByLever.Rows)
        {
            levers.AddRow(Markup.Escape(row.Group ?? "(none)"), Number(row.Requests), Money(row.SavedUsd));
        }

        AnsiConsole.Write(levers);
        var outliers = new Table { Title = new TableTitle("Costliest requests") }
            .AddColumns("request", "arrived (UTC)", "feature", "model", "user", "team", "input", "output", "cost $");
        foreach (var outlier in report.Outliers)
        {
            outliers.AddRow(
                Markup.Escape(outlier.RequestId),
                outlier.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(outlier.Feature ?? string.Empty),
                Markup.Escape(outlier.Model ?? string.Empty),
                Markup.Escape(outlier.User ?? string.Empty),
                Markup.Escape(outlier.Team ?? string.Empty),
                Number(outlier.InputTokens),
                Number(outlier.OutputTokens),
                Money(outlier.CostUsd));
        }

        AnsiConsole.Write(outliers);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Exact, as the ledger holds it: an unknown amount is empty, never 0.
    private static string Money(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
