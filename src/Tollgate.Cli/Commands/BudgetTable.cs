using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Tollgate.Cli.Commands;

/// <summary>Budgets as <c>/admin/budgets</c> answers them, written for people (a table) or scripts (tab-separated lines, or the JSON as it came).</summary>
internal static class BudgetTable
{
    /// <summary>Writes <paramref name="answer"/> (one budget or an array of them) as <paramref name="format"/> (<c>table</c> or <c>json</c>).</summary>
    public static void Write(JsonDocument answer, string format)
    {
        var root = answer.RootElement;
        if (format == "json")
        {
            Console.WriteLine(root.GetRawText());
            return;
        }

        var budgets = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new[] { root };
        if (Console.IsOutputRedirected)
        {
            // For scripts: one tab-separated line per budget, never wrapped; new columns go at the end.
            Console.WriteLine("id\tname\tscope\tperiod\tlimit_usd\tlimit_tokens\tspent_usd\tspent_tokens\treserved_usd\treserved_tokens\tremaining_usd\tremaining_tokens\tresets_at\tsource");
            foreach (var budget in budgets)
            {
                var definition = budget.GetProperty("budget");
                Console.WriteLine(string.Join(
                    '\t',
                    Text(budget, "id"), Text(budget, "name"), Text(definition, "scope"), Text(definition, "period"),
                    Text(budget, "limit_usd"), Text(budget, "limit_tokens"), Text(budget, "spent_usd"), Text(budget, "spent_tokens"),
                    Text(budget, "reserved_usd"), Text(budget, "reserved_tokens"), Text(budget, "remaining_usd"), Text(budget, "remaining_tokens"),
                    Text(budget, "resets_at"), Text(budget, "source")));
            }

            return;
        }

        var table = new Table().AddColumns("id", "scope", "period", "limit", "spent", "reserved", "remaining", "resets at (UTC)", "source");
        foreach (var budget in budgets)
        {
            var definition = budget.GetProperty("budget");
            table.AddRow(
                Markup.Escape(Text(budget, "id")),
                Markup.Escape(Text(definition, "scope")),
                Markup.Escape(Text(definition, "period")),
                Amounts(budget, "limit_usd", "limit_tokens"),
                Amounts(budget, "spent_usd", "spent_tokens"),
                Amounts(budget, "reserved_usd", "reserved_tokens"),
                Amounts(budget, "remaining_usd", "remaining_tokens"),
                budget.TryGetProperty("resets_at", out var resets) && resets.ValueKind == JsonValueKind.String
                    ? resets.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                    : "never",
                Markup.Escape(Text(budget, "source")));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A field as text: a string as it is, a number in its JSON form, nothing for null or absent.</summary>
    private static string Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? string.Empty : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => string.Empty,
            _ => value.GetRawText(),
        };

    /// <summary>Dollars and tokens, each when the budget limits it: <c>$0.0125 / 1200 tokens</c>.</summary>
    private static string Amounts(JsonElement budget, string usd, string tokens)
    {
        var parts = new List<string>(2);
        if (Limits(budget, "limit_usd") && budget.TryGetProperty(usd, out var dollars) && dollars.ValueKind == JsonValueKind.Number)
        {
            parts.Add("$" + dollars.GetDecimal().ToString("0.######", CultureInfo.InvariantCulture));
        }

        if (Limits(budget, "limit_tokens") && budget.TryGetProperty(tokens, out var count) && count.ValueKind == JsonValueKind.Number)
        {
            parts.Add(count.GetInt64().ToString(CultureInfo.InvariantCulture) + " tokens");
        }

        return string.Join(" / ", parts);
    }

    private static bool Limits(JsonElement budget, string limit) => budget.TryGetProperty(limit, out var value) && value.ValueKind == JsonValueKind.Number;
}
