using System.Globalization;
using Spectre.Console;

namespace Tollgate.Cli.Profiling;

/// <summary>The profile as tables for people.</summary>
internal static class ProfilePrinter
{
    public static void Print(ProfileReport report)
    {
        var console = AnsiConsole.Console;
        var summary = new Table().Title(Markup.Escape("Profile of " + report.Source)).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        summary.AddRow("requests", Count(report.Requests));
        if (report.UniquenessRate is { } uniqueness)
        {
            summary.AddRow("distinct prompts", $"{Count(report.UniquePrompts)} ({uniqueness * 100:0.0} % unique)");
        }

        summary.AddRow("prompt tokens", Count(report.InputTokens));
        summary.AddRow("prefix-sharing ratio", report.PrefixSharingRatio is { } ratio ? $"{ratio * 100:0.0} %" : "-");
        summary.AddRow("baseline cost (USD)", report.BaselineCostUsd is { } baseline ? baseline.ToString("0.000000", CultureInfo.InvariantCulture) : "unknown");
        if (report.Embedder is not null)
        {
            summary.AddRow("near duplicates judged by", Markup.Escape($"{report.Embedder} at {report.SimilarityThreshold?.ToString("0.00", CultureInfo.InvariantCulture)} ({report.SemanticPromptsCompared} prompts)"));
        }

        console.Write(summary);

        var savings = new Table().Title("What each lever would save").AddColumn("lever").AddColumn(new TableColumn("requests").RightAligned()).AddColumn(new TableColumn("saved USD").RightAligned()).AddColumn(new TableColumn("saved %").RightAligned());
        foreach (var saving in report.Savings)
        {
            savings.AddRow(Markup.Escape(saving.Lever), Count(saving.Requests), saving.SavedUsd.ToString("0.000000", CultureInfo.InvariantCulture), saving.SavedShare is { } share ? (share * 100).ToString("0.0", CultureInfo.InvariantCulture) : "-");
        }

        console.Write(savings);
        Clusters(console, "Largest exact duplicate clusters", report.ExactDuplicateClusters);
        Clusters(console, "Largest near-duplicate clusters", report.NearDuplicateClusters);
        foreach (var note in report.Notes)
        {
            console.WriteLine("Note: " + note);
        }

        if (report.UnpricedRequests > 0)
        {
            console.WriteLine($"{report.UnpricedRequests} requests name a model without a price; they are left out of the money.");
        }
    }

    private static void Clusters(IAnsiConsole console, string title, IReadOnlyList<PromptCluster> clusters)
    {
        if (clusters.Count == 0)
        {
            return;
        }

        var table = new Table().Title(title).AddColumn(new TableColumn("requests").RightAligned()).AddColumn(new TableColumn("prompts").RightAligned()).AddColumn("prompt").AddColumn("another of them");
        foreach (var cluster in clusters)
        {
            table.AddRow(Count(cluster.Requests), Count(cluster.DistinctPrompts), Markup.Escape(cluster.Prompt), Markup.Escape(cluster.Example ?? ""));
        }

        console.Write(table);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
