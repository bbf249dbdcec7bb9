using System.Diagnostics.CodeAnalysis;
using Tollgate.Core.Identity;

namespace Tollgate.Core.Budgets;

/// <summary>
/// What a budget is attached to, written <c>global</c> or <c>KIND:VALUE</c>: <c>team:core</c>, <c>feature:search</c>,
/// <c>user:alice</c>, <c>key:search-service</c>, <c>tag:project=atlas</c>. Values compare exactly, as the ledger records them.
/// </summary>
/// <param name="Kind">What kind of thing the budget is attached to.</param>
/// <param name="Value">The team, feature, user, key name or <c>key=value</c> tag; null for <see cref="BudgetScopeKind.Global"/>.</param>
public readonly record struct BudgetScope(BudgetScopeKind Kind, string? Value)
{
    /// <summary>The whole gateway.</summary>
    public static BudgetScope Global { get; } = new(BudgetScopeKind.Global, null);

    /// <summary>Reads <c>global</c> or <c>KIND:VALUE</c>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out BudgetScope scope, [NotNullWhen(false)] out string? problem)
    {
        scope = Global;
        problem = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "the scope is empty; write global, team:NAME, feature:NAME, user:NAME, key:NAME or tag:KEY=VALUE";
            return false;
        }

        if (string.Equals(trimmed, "global", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var kindText = colon < 0 ? trimmed : trimmed[..colon];
        var value = colon < 0 ? string.Empty : trimmed[(colon + 1)..].Trim();
        BudgetScopeKind? kind = kindText.ToLowerInvariant() switch
        {
            "team" => BudgetScopeKind.Team,
            "feature" => BudgetScopeKind.Feature,
            "user" => BudgetScopeKind.User,
            "key" => BudgetScopeKind.Key,
            "tag" => BudgetScopeKind.Tag,
            _ => null,
        };
        if (kind is null)
        {
            problem = $"scope \"{trimmed}\" is of no known kind; write global, team:NAME, feature:NAME, user:NAME, key:NAME or tag:KEY=VALUE";
            return false;
        }

        if (value.Length == 0)
        {
            problem = $"scope \"{trimmed}\" names no {kindText.ToLowerInvariant()}; write {kindText.ToLowerInvariant()}:NAME";
            return false;
        }

        if (kind == BudgetScopeKind.Tag && (value.IndexOf('=', StringComparison.Ordinal) is var equals && (equals <= 0 || equals == value.Length - 1)))
        {
            problem = $"scope \"{trimmed}\" is no tag value; write tag:KEY=VALUE, e.g. tag:project=atlas";
            return false;
        }

        if (kind == BudgetScopeKind.Tag)
        {
            // Tag keys are case-insensitive and carried lower-case (RequestTags): compare them that way.
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            var key = value[..separator].Trim().ToLowerInvariant();
            if (!RequestTags.IsValidKey(key))
            {
                problem = $"scope \"{trimmed}\" names no valid tag key; a key is 1 to {RequestTags.MaxKeyLength} of a-z, 0-9, '_', '.' and '-'";
                return false;
            }

            value = key + "=" + value[(separator + 1)..].Trim();
        }

        scope = new BudgetScope(kind.Value, value);
        return true;
    }

    /// <summary><c>global</c> or <c>kind:value</c>, the form <see cref="TryParse"/> reads.</summary>
    public override string ToString() => Kind == BudgetScopeKind.Global ? "global" : $"{Kind.ToString().ToLowerInvariant()}:{Value}";
}
