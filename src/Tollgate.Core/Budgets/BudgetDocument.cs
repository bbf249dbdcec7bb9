namespace Tollgate.Core.Budgets;

/// <summary>
/// A budget as written by people: an element of <c>Tollgate:Budgets</c> in the configuration (<c>LimitUsd</c>, …), the
/// body of <c>POST /admin/budgets</c> and a stored definition (<c>limit_usd</c>, …). <see cref="ToDefinition"/> checks
/// it and turns it into a <see cref="BudgetDefinition"/>.
/// </summary>
public sealed class BudgetDocument
{
    /// <summary>Stable identifier; see <see cref="BudgetDefinition.Id"/>.</summary>
    public string? Id { get; set; }

    /// <summary>Name shown in refusals and alerts.</summary>
    public string? Name { get; set; }

    /// <summary><c>global</c> (the default), <c>team:NAME</c>, <c>feature:NAME</c>, <c>user:NAME</c>, <c>key:NAME</c> or <c>tag:KEY=VALUE</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>Only requests served by this model count.</summary>
    public string? Model { get; set; }

    /// <summary>Only requests served by this provider family (<c>openai</c>, <c>anthropic</c>) count.</summary>
    public string? Provider { get; set; }

    /// <summary><c>request</c>, <c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c> (the default), <c>rolling</c> or <c>none</c> (prepaid).</summary>
    public string? Period { get; set; }

    /// <summary>The length of a <c>rolling</c> period, e.g. <c>1.00:00:00</c> for a day.</summary>
    public TimeSpan? Window { get; set; }

    /// <summary>The IANA time zone of the calendar periods (default <c>UTC</c>).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Limit in US dollars per period.</summary>
    public decimal? LimitUsd { get; set; }

    /// <summary>Limit in tokens (input and output) per period.</summary>
    public long? LimitTokens { get; set; }

    /// <summary>Fractions of a limit at which a warning is raised (default 0.5, 0.8, 1.0).</summary>
    public decimal[]? WarnAt { get; set; }

    /// <summary>Fraction past which requests go to <see cref="DegradeModel"/>.</summary>
    public decimal? DegradeAt { get; set; }

    /// <summary>The cheaper model past <see cref="DegradeAt"/>.</summary>
    public string? DegradeModel { get; set; }

    /// <summary>Whether requests past a limit are refused (default true).</summary>
    public bool? Block { get; set; }

    /// <summary>The document of <paramref name="budget"/> (top-ups are not part of it).</summary>
    public static BudgetDocument From(BudgetDefinition budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new BudgetDocument
        {
            Id = budget.Id,
            Name = budget.Name,
            Scope = budget.Scope.ToString(),
            Model = budget.Model,
            Provider = budget.Provider,
            Period = budget.Period.Name,
            Window = budget.Period.Kind == BudgetPeriodKind.Rolling ? budget.Period.RollingWindow : null,
            TimeZone = budget.Period.TimeZone is { } zone && zone != TimeZoneInfo.Utc ? zone.Id : null,
            LimitUsd = budget.LimitUsd,
            LimitTokens = budget.LimitTokens,
            WarnAt = [.. budget.WarnAt],
            DegradeAt = budget.DegradeAt,
            DegradeModel = budget.DegradeModel,
            Block = budget.Block,
        };
    }

    /// <summary>
    /// The definition this document describes, or null with every problem in <paramref name="problems"/> (each a sentence
    /// naming the budget and the field). <paramref name="fallbackId"/> is the id when the document gives none.
    /// </summary>
    public BudgetDefinition? ToDefinition(string? fallbackId, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var id = string.IsNullOrWhiteSpace(Id) ? fallbackId : Id.Trim();
        var what = $"budget \"{id ?? Name ?? "(no id)"}\"";
        if (string.IsNullOrWhiteSpace(id))
        {
            found.Add($"{what} has no id");
        }

        var scope = BudgetScope.Global;
        if (Scope is not null && !BudgetScope.TryParse(Scope, out scope, out var scopeProblem))
        {
            found.Add($"{what}: {scopeProblem}");
        }

        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out zone))
        {
            found.Add($"{what} names time zone \"{TimeZone}\", which this machine does not know; use an IANA name such as Europe/Berlin");
            zone = TimeZoneInfo.Utc;
        }

        var period = ReadPeriod(what, zone, found);
        if (found.Count > 0 || id is null || period is null)
        {
            problems = found;
            return null;
        }

        var definition = new BudgetDefinition
        {
            Id = id,
            Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
            Scope = scope,
            Model = string.IsNullOrWhiteSpace(Model) ? null : Model.Trim(),
            Provider = string.IsNullOrWhiteSpace(Provider) ? null : Provider.Trim(),
            Period = period,
            LimitUsd = LimitUsd,
            LimitTokens = LimitTokens,
            WarnAt = WarnAt is null ? BudgetDefinition.DefaultWarnAt : [.. WarnAt],
            DegradeAt = DegradeAt,
            DegradeModel = string.IsNullOrWhiteSpace(DegradeModel) ? null : DegradeModel.Trim(),
            Block = Block ?? true,
        };
        problems = definition.Problems();
        return problems.Count == 0 ? definition : null;
    }

    private BudgetPeriod? ReadPeriod(string what, TimeZoneInfo zone, List<string> problems)
    {
        BudgetPeriodKind? kind = (Period?.Trim().ToLowerInvariant() ?? "month") switch
        {
            "request" => BudgetPeriodKind.Request,
            "hour" => BudgetPeriodKind.Hour,
            "day" => BudgetPeriodKind.Day,
            "week" => BudgetPeriodKind.Week,
            "month" => BudgetPeriodKind.Month,
            "rolling" => BudgetPeriodKind.Rolling,
            "none" => BudgetPeriodKind.None,
            _ => null,
        };
        if (kind is null)
        {
            problems.Add($"{what} has period \"{Period}\"; it must be request, hour, day, week, month, rolling or none");
            return null;
        }

        if (kind == BudgetPeriodKind.Rolling && Window is not { } window)
        {
            problems.Add($"{what} has a rolling period and no window; give its length, e.g. \"window\": \"1.00:00:00\" for a day");
            return null;
        }

        if (kind != BudgetPeriodKind.Rolling && Window is not null)
        {
            problems.Add($"{what} gives a window, which only a rolling period has");
            return null;
        }

        return new BudgetPeriod(kind.Value, Window ?? default, zone);
    }
}
