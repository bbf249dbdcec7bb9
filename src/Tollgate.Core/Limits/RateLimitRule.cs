using System.Globalization;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Limits;

/// <summary>
/// One rate limit as configured: whose requests it counts (<see cref="Scope"/>, narrowed to one value by
/// <see cref="Match"/>, or with an allowance of its own for each distinct value when there is none) and how many
/// requests, tokens and US dollars a minute it allows them. Built once per configuration, read by every request.
/// </summary>
public sealed class RateLimitRule
{
    /// <summary>Creates a rule; at least one limit should be set, each at least 1 (dollars: more than 0).</summary>
    /// <param name="scope">Whose requests are counted.</param>
    /// <param name="match">
    /// The one value counted (a key's name, a feature …; for a tag, <c>name=value</c>, or a tag's name to give each of its
    /// values an allowance of its own); null: every value has an allowance of its own (<see cref="RateLimitScope.Global"/>: one for all).
    /// </param>
    /// <param name="requestsPerMinute">Requests a minute; null: not limited.</param>
    /// <param name="tokensPerMinute">Tokens a minute; null: not limited.</param>
    /// <param name="usdPerMinute">US dollars a minute; null: not limited.</param>
    public RateLimitRule(RateLimitScope scope, string? match, long? requestsPerMinute, long? tokensPerMinute, decimal? usdPerMinute)
        : this(null, scope, match, requestsPerMinute, tokensPerMinute, usdPerMinute)
    {
    }

    /// <summary>
    /// A rule of tier <paramref name="tier"/>: it counts only the requests of that tier, each member apart when
    /// <paramref name="scope"/> is null (the member being the user or the key the request has the tier from), or each
    /// key or user apart when it is <see cref="RateLimitScope.Key"/> or <see cref="RateLimitScope.User"/>.
    /// </summary>
    public static RateLimitRule ForTier(string tier, RateLimitScope? scope, long? requestsPerMinute, long? tokensPerMinute, decimal? usdPerMinute)
    {
        ArgumentException.ThrowIfNullOrEmpty(tier);
        if (scope is not (null or RateLimitScope.Key or RateLimitScope.User))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "A tier's rule counts each member, key or user apart.");
        }

        return new RateLimitRule(tier, scope ?? RateLimitScope.Global, null, requestsPerMinute, tokensPerMinute, usdPerMinute);
    }

    private RateLimitRule(string? tier, RateLimitScope scope, string? match, long? requestsPerMinute, long? tokensPerMinute, decimal? usdPerMinute)
    {
        Tier = tier;
        Scope = scope;
        Match = scope == RateLimitScope.Global || string.IsNullOrEmpty(match) ? null : match;
        RequestsPerMinute = requestsPerMinute;
        TokensPerMinute = tokensPerMinute;
        UsdPerMinute = usdPerMinute;
        UsdMicrosPerMinute = usdPerMinute is { } usd ? RateLimitAmounts.Micros(usd) : null;
        if (scope == RateLimitScope.Tag && Match is { } tag)
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            (_tagName, _tagValue) = equals < 0 ? (tag.ToLowerInvariant(), null) : (tag[..equals].ToLowerInvariant(), tag[(equals + 1)..]);
        }

        // Feature names are compared without regard to case, as Tollgate:Features compares them.
        var identity = ScopeName(scope) + ":" + (Match is null ? "*" : scope == RateLimitScope.Feature ? Match.ToUpperInvariant() : Match);
        if (tier is not null)
        {
            // A tier's rule has buckets of its own, apart from a rule of the same scope outside the tier.
            identity = "tier:" + tier + ":" + (IsPerMember ? "member" : identity);
        }

        RequestsRule = identity + "/requests";
        TokensRule = identity + "/tokens";
        UsdRule = identity + "/usd";
    }

    /// <summary>Whose requests are counted; for a tier's rule counting each member apart, <see cref="RateLimitScope.Global"/>.</summary>
    public RateLimitScope Scope { get; }

    /// <summary>
    /// The tier whose members the rule counts (only requests of that tier), each member (or, with a scope, each key or
    /// user) with an allowance of its own; null for a rule that counts requests whatever their tier.
    /// </summary>
    public string? Tier { get; }

    /// <summary>Whether the rule is a tier's that counts each member of the tier apart, whether the member is a user or a key.</summary>
    public bool IsPerMember => Tier is not null && Scope == RateLimitScope.Global;

    /// <summary>The one value counted, or null when each value (or, for the global scope, every request) has its allowance.</summary>
    public string? Match { get; }

    /// <summary>Requests a minute, or null.</summary>
    public long? RequestsPerMinute { get; }

    /// <summary>Tokens a minute, or null.</summary>
    public long? TokensPerMinute { get; }

    /// <summary>US dollars a minute, or null.</summary>
    public decimal? UsdPerMinute { get; }

    /// <summary>US dollars a minute in micro-dollars, the unit the store counts, or null.</summary>
    public long? UsdMicrosPerMinute { get; }

    /// <summary>The bucket names of the rule's three limits: the same for the same scope and match, whatever the limits.</summary>
    public string RequestsRule { get; }

    /// <inheritdoc cref="RequestsRule"/>
    public string TokensRule { get; }

    /// <inheritdoc cref="RequestsRule"/>
    public string UsdRule { get; }

    private readonly string? _tagName;
    private readonly string? _tagValue;

    /// <summary>The scope's name as settings and headers spell it (<c>key</c>, <c>feature</c> …).</summary>
    public static string ScopeName(RateLimitScope scope) => scope switch
    {
        RateLimitScope.Global => "global",
        RateLimitScope.Key => "key",
        RateLimitScope.User => "user",
        RateLimitScope.Feature => "feature",
        RateLimitScope.Team => "team",
        RateLimitScope.Tag => "tag",
        _ => scope.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The scope value whose allowance counts <paramref name="exchange"/>: empty for a rule shared by every request it
    /// counts, the request's own value (its key's name …) for a rule without a match, or null when the rule does not
    /// count the request (another value, or the request has none: no key, no feature …).
    /// </summary>
    public string? ValueFor(ExchangeContext exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (Tier is not null)
        {
            if (exchange.Tier is not { } membership || !string.Equals(membership.Tier, Tier, StringComparison.Ordinal))
            {
                return null;
            }

            if (IsPerMember)
            {
                return membership.MemberName;
            }
        }

        return Scope switch
        {
            RateLimitScope.Global => string.Empty,
            RateLimitScope.Key => Select(exchange.Key?.Name, StringComparison.Ordinal),
            RateLimitScope.User => Select(exchange.User, StringComparison.Ordinal),
            RateLimitScope.Feature => Select(exchange.Feature, StringComparison.OrdinalIgnoreCase),
            RateLimitScope.Team => Select(exchange.Team, StringComparison.Ordinal),
            RateLimitScope.Tag => ValueForTags(exchange.Tags),
            _ => null,
        };
    }

    /// <summary>
    /// The tag counterpart of <see cref="ValueFor"/> over a request's tags: with a match <c>name=value</c>, empty when
    /// the request carries that tag; with a match <c>name</c>, the request's value of that tag; null when it has none.
    /// </summary>
    public string? ValueForTags(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (_tagName is null)
        {
            return null;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var (name, value) = tags[i];
            if (string.Equals(name, _tagName, StringComparison.Ordinal))
            {
                if (_tagValue is null)
                {
                    return value;
                }

                if (string.Equals(value, _tagValue, StringComparison.Ordinal))
                {
                    return string.Empty;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The rule as the <c>x-tollgate-ratelimit-scope</c> header and refusals name it: <c>global</c>, or the scope and the
    /// value counted (<c>key:backend</c>, <c>feature:summaries</c>, <c>tag:project=atlas</c>).
    /// </summary>
    public string NameFor(string value) =>
        Tier is not null
            ? string.Create(CultureInfo.InvariantCulture, $"tier:{Tier}:{(IsPerMember ? value : ScopeName(Scope) + ":" + value)}")
        : Scope == RateLimitScope.Global
            ? "global"
            : string.Create(CultureInfo.InvariantCulture, $"{ScopeName(Scope)}:{(Scope == RateLimitScope.Tag ? _tagName + "=" + (value.Length == 0 ? _tagValue : value) : value.Length == 0 ? Match : value)}");

    private string? Select(string? value, StringComparison comparison) =>
        value is null ? null
        : Match is null ? value
        : string.Equals(value, Match, comparison) ? string.Empty
        : null;
}
