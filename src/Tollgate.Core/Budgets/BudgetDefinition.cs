using System.Globalization;
using Tollgate.Core.Identity;

namespace Tollgate.Core.Budgets;

/// <summary>
/// One budget: what it is attached to (<see cref="Scope"/>, narrowed by <see cref="Model"/> and <see cref="Provider"/>),
/// how long its spend counts (<see cref="Period"/>), its limits in dollars and tokens, and what happens as spend
/// approaches them: a warning at each of <see cref="WarnAt"/>, a cheaper model past <see cref="DegradeAt"/> (the route
/// stage's decision), and a refusal (HTTP 402) of a request that could take spend past a limit when <see cref="Block"/>.
/// Immutable: a change is a new definition.
/// </summary>
public sealed record BudgetDefinition
{
    /// <summary>The fractions of a limit at which a warning is raised, when a budget names none.</summary>
    public static IReadOnlyList<decimal> DefaultWarnAt { get; } = [0.5m, 0.8m, 1.0m];

    /// <summary>Stable identifier (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, <c>:</c>), used in the admin API.</summary>
    public required string Id { get; init; }

    /// <summary>Name shown in refusals and alerts; the id when none is given.</summary>
    public string? Name { get; init; }

    /// <summary>What the budget is attached to.</summary>
    public BudgetScope Scope { get; init; } = BudgetScope.Global;

    /// <summary>Only requests served by this model count (canonical name, compared without regard to case); all when null.</summary>
    public string? Model { get; init; }

    /// <summary>Only requests served by this provider family count; all when null.</summary>
    public string? Provider { get; init; }

    /// <summary>How long spend counts.</summary>
    public BudgetPeriod Period { get; init; } = new(BudgetPeriodKind.Month);

    /// <summary>Limit in US dollars over a period (before top-ups), or null for none.</summary>
    public decimal? LimitUsd { get; init; }

    /// <summary>Limit in tokens (input and output) over a period, or null for none.</summary>
    public long? LimitTokens { get; init; }

    /// <summary>Credit added to <see cref="LimitUsd"/> by top-ups (prepaid budgets).</summary>
    public decimal TopUpUsd { get; init; }

    /// <summary>The fractions of a limit at which a warning is raised, in increasing order.</summary>
    public IReadOnlyList<decimal> WarnAt { get; init; } = DefaultWarnAt;

    /// <summary>The fraction past which requests go to <see cref="DegradeModel"/>; null for never.</summary>
    public decimal? DegradeAt { get; init; }

    /// <summary>
    /// The cheaper model requests degrade to past <see cref="DegradeAt"/>; when null, the feature's
    /// (<c>Features:NAME:DegradeModel</c>), and no degrade for a request whose feature names none.
    /// </summary>
    public string? DegradeModel { get; init; }

    /// <summary>Whether a request that could take spend past a limit is refused (default); when false, only warnings are raised.</summary>
    public bool Block { get; init; } = true;

    /// <summary>The name shown to people: <see cref="Name"/>, or the id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    /// <summary>The dollar limit in force: <see cref="LimitUsd"/> plus top-ups; null when the budget limits no dollars.</summary>
    public decimal? EffectiveLimitUsd => LimitUsd is null && TopUpUsd == 0m ? null : (LimitUsd ?? 0m) + TopUpUsd;

    /// <summary>Whether the budget counts <paramref name="subject"/>'s requests.</summary>
    public bool AppliesTo(in BudgetSubject subject)
    {
        var inScope = Scope.Kind switch
        {
            BudgetScopeKind.Global => true,
            BudgetScopeKind.Team => string.Equals(Scope.Value, subject.Team, StringComparison.Ordinal),
            BudgetScopeKind.Feature => string.Equals(Scope.Value, subject.Feature, StringComparison.Ordinal),
            BudgetScopeKind.User => string.Equals(Scope.Value, subject.User, StringComparison.Ordinal),
            BudgetScopeKind.Key => string.Equals(Scope.Value, subject.KeyName, StringComparison.Ordinal),
            BudgetScopeKind.Tag => HasTag(subject.Tags, Scope.Value),
            _ => false,
        };
        return inScope && CountsModel(subject.Model, subject.Provider);
    }

    /// <summary>Whether spend on <paramref name="model"/> of <paramref name="provider"/> counts (the model and provider filters).</summary>
    public bool CountsModel(string? model, string? provider) =>
        (Model is null || string.Equals(Model, model, StringComparison.OrdinalIgnoreCase))
        && (Provider is null || string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every problem with the definition, each a sentence naming the budget; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var what = $"budget \"{Id}\"";
        if (string.IsNullOrWhiteSpace(Id) || !IsIdentifier(Id))
        {
            problems.Add($"{what} needs an id of letters, digits, '.', '_', '-' and ':' (at most 128 characters)");
        }

        if (LimitUsd is null && LimitTokens is null && !(Period.Kind == BudgetPeriodKind.None && TopUpUsd > 0m))
        {
            problems.Add($"{what} sets no limit: give limit_usd, limit_tokens or both");
        }

        if (LimitUsd < 0m)
        {
            problems.Add($"{what} has a negative limit_usd ({LimitUsd.Value.ToString(CultureInfo.InvariantCulture)})");
        }

        if (LimitTokens < 0)
        {
            problems.Add($"{what} has a negative limit_tokens ({LimitTokens})");
        }

        if (Period.Kind == BudgetPeriodKind.Rolling && Period.RollingWindow <= TimeSpan.Zero)
        {
            problems.Add($"{what} has a rolling period without a window; give its length (e.g. 1.00:00:00 for a day)");
        }

        var previous = 0m;
        foreach (var fraction in WarnAt)
        {
            if (fraction <= previous || fraction > 1m)
            {
                problems.Add($"{what} has warn_at fractions that are not increasing fractions above 0 and at most 1");
                break;
            }

            previous = fraction;
        }

        // Without a degrade_model of its own, a budget degrades to its feature's (Features:NAME:DegradeModel).
        if (DegradeAt is { } degrade && (degrade <= 0m || degrade > 1m))
        {
            problems.Add($"{what} degrades at {degrade.ToString(CultureInfo.InvariantCulture)}: degrade_at must be above 0 and at most 1");
        }

        return problems;
    }

    /// <summary>Whether <paramref name="tags"/> hold <paramref name="tag"/>, a <c>key=value</c> with the key lower-case.</summary>
    private static bool HasTag(RequestTags? tags, string? tag)
    {
        if (tags is null || tags.IsEmpty || tag is null)
        {
            return false;
        }

        var equals = tag.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            && tags.TryGetValue(tag[..equals], out var value)
            && tag.AsSpan(equals + 1).SequenceEqual(value);
    }

    private static bool IsIdentifier(string id)
    {
        if (id.Length > 128)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
