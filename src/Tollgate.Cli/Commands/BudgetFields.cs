using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The options of <c>tollgate budgets create</c> and <c>update</c>, one per field of a budget, and the JSON body they
/// make (<c>/admin/budgets</c>' fields, snake_case). For an update, a field not given keeps the budget's value.
/// </summary>
internal sealed class BudgetFields
{
    public Option<string?> Name { get; } = new("--name") { Description = "The name shown in refusals and alerts." };

    public Option<string?> Scope { get; } = new("--scope") { Description = "global (the default), team:NAME, feature:NAME, user:NAME, key:NAME or tag:KEY=VALUE." };

    public Option<decimal?> LimitUsd { get; } = new("--limit-usd") { Description = "Limit in US dollars per period." };

    public Option<long?> LimitTokens { get; } = new("--limit-tokens") { Description = "Limit in tokens (input and output) per period." };

    public Option<string?> Period { get; } = new("--period") { Description = "request, hour, day, week, month (the default), rolling or none (a prepaid credit)." };

    public Option<string?> WarnAt { get; } = new("--warn-at") { Description = "Fractions of the limit at which a warning is raised, comma-separated (default 0.5,0.8,1)." };

    public Option<decimal?> DegradeAt { get; } = new("--degrade-at") { Description = "Fraction of the limit past which requests go to --degrade-model." };

    public Option<string?> DegradeModel { get; } = new("--degrade-model") { Description = "The cheaper model used past --degrade-at." };

    public Option<bool> NoBlock { get; } = new("--no-block") { Description = "Let requests past the limit through (warnings and alerts only) instead of refusing them with 402." };

    public Option<string?> Model { get; } = new("--model") { Description = "Only requests served by this model count." };

    public Option<string?> Provider { get; } = new("--provider") { Description = "Only requests served by this provider family (openai, anthropic) count." };

    public IEnumerable<Option> All => [Name, Scope, LimitUsd, LimitTokens, Period, WarnAt, DegradeAt, DegradeModel, NoBlock, Model, Provider];

    /// <summary>
    /// The budget's body: <paramref name="existing"/>'s fields (a budget as <c>GET /admin/budgets/{id}</c> shows its
    /// definition, for an update) with the options given over them (<paramref name="block"/>: <c>--block</c> of an update);
    /// null, with a line on standard error, when an option is malformed.
    /// </summary>
    public string? Body(ParseResult parse, string id, JsonElement? existing, bool block = false)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (existing is { ValueKind: JsonValueKind.Object } budget)
        {
            foreach (var field in budget.EnumerateObject())
            {
                fields[field.Name] = field.Value.Clone();
            }
        }

        fields["id"] = id;
        Put(fields, "name", parse.GetValue(Name));
        Put(fields, "scope", parse.GetValue(Scope));
        Put(fields, "limit_usd", parse.GetValue(LimitUsd));
        Put(fields, "limit_tokens", parse.GetValue(LimitTokens));
        Put(fields, "period", parse.GetValue(Period));
        Put(fields, "degrade_at", parse.GetValue(DegradeAt));
        Put(fields, "degrade_model", parse.GetValue(DegradeModel));
        Put(fields, "model", parse.GetValue(Model));
        Put(fields, "provider", parse.GetValue(Provider));
        if (parse.GetValue(NoBlock))
        {
            fields["block"] = false;
        }
        else if (block)
        {
            fields["block"] = true;
        }

        if (parse.GetValue(WarnAt) is { } warnAt)
        {
            var fractions = new List<decimal>();
            foreach (var part in warnAt.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var fraction))
                {
                    Console.Error.WriteLine($"tollgate: --warn-at takes fractions of the limit separated by commas, e.g. 0.5,0.8,1; got '{warnAt}'.");
                    return null;
                }

                fractions.Add(fraction);
            }

            fields["warn_at"] = fractions;
        }

        return Write(fields);
    }

    private static void Put(Dictionary<string, object?> fields, string name, object? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }

    private static string Write(Dictionary<string, object?> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    case decimal number:
                        writer.WriteNumberValue(number);
                        break;
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case bool flag:
                        writer.WriteBooleanValue(flag);
                        break;
                    case List<decimal> numbers:
                        writer.WriteStartArray();
                        foreach (var number in numbers)
                        {
                            writer.WriteNumberValue(number);
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        writer.WriteNullValue();
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
