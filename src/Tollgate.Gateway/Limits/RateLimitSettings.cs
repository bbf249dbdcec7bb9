using System.Runtime.CompilerServices;
using Tollgate.Core.Identity;
using Tollgate.Core.Limits;
using Tollgate.Core.Tiers;

namespace Tollgate.Gateway.Limits;

/// <summary>
/// The rate limits a configuration sets, as rules: each <c>Tollgate:RateLimits</c> entry, then each feature's
/// <c>Tollgate:Features:NAME:RateLimits</c>, then each tier's <c>Tollgate:Tiers:NAME:RateLimits</c>. Built once per <see cref="GatewayOptions"/> instance (a reload makes a new
/// one), never per request; and checked, at start and on every reload, by <see cref="Validate"/>.
/// </summary>
internal static class RateLimitSettings
{
    // The dollar limit is counted in micro-dollars; one below a micro-dollar a minute would round to nothing.
    private const decimal MinUsdPerMinute = 0.000001m;

    private static readonly ConditionalWeakTable<GatewayOptions, RateLimitRule[]> Compiled = new();

    /// <summary>The rules of <paramref name="options"/> (the same array for the same instance).</summary>
    public static RateLimitRule[] RulesOf(GatewayOptions options) =>
        Compiled.TryGetValue(options, out var rules) ? rules : Compiled.GetValue(options, Compile);

    /// <summary>Adds a message to <paramref name="failures"/> for each rate limit setting that is wrong.</summary>
    public static void Validate(GatewayOptions options, ref List<string>? failures)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.RateLimits is { } rules)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var path = $"RateLimits:{i}";
                if (rules[i] is not { } rule)
                {
                    continue;
                }

                if (rule.Scope is not { } scope || !Enum.IsDefined(scope))
                {
                    (failures ??= []).Add($"{path}:Scope must be key, user, feature, team, tag or global.");
                    continue;
                }

                if (!ValidateMatch(path, scope, rule.Match, ref failures))
                {
                    continue;
                }

                ValidateLimits(path, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute, ref failures);
                NoteDuplicates(path, new RateLimitRule(scope, rule.Match, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute), seen, ref failures);
            }
        }

        ValidateTiers(options, seen, ref failures);
        if (options.Features is null)
        {
            return;
        }

        foreach (var (name, feature) in options.Features)
        {
            if (feature?.RateLimits is not { } limits)
            {
                continue;
            }

            var path = $"Features:{name}:RateLimits";
            ValidateLimits(path, limits.RequestsPerMinute, limits.TokensPerMinute, limits.UsdPerMinute, ref failures);
            NoteDuplicates(path, FeatureRule(name, limits), seen, ref failures);
        }
    }

    private static RateLimitRule[] Compile(GatewayOptions options)
    {
        var rules = new List<RateLimitRule>();
        foreach (var rule in options.RateLimits ?? [])
        {
            if (rule?.Scope is { } scope)
            {
                rules.Add(new RateLimitRule(scope, rule.Match, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute));
            }
        }

        foreach (var (name, feature) in options.Features ?? [])
        {
            if (feature?.RateLimits is { } limits)
            {
                rules.Add(FeatureRule(name, limits));
            }
        }

        foreach (var (tier, settings) in options.Tiers ?? [])
        {
            foreach (var rule in settings?.RateLimits ?? [])
            {
                if (rule is not null && TierName.IsValid(tier))
                {
                    rules.Add(RateLimitRule.ForTier(tier, rule.Scope, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute));
                }
            }
        }

        // A rule that limits nothing counts nothing; leaving it out keeps requests from paying for it.
        rules.RemoveAll(rule => rule.RequestsPerMinute is null && rule.TokensPerMinute is null && rule.UsdPerMinute is null);
        return [.. rules];
    }

    /// <summary>A tier's rules count each member, or each key or user, of the tier: no other scope, and no match.</summary>
    private static void ValidateTiers(GatewayOptions options, Dictionary<string, string> seen, ref List<string>? failures)
    {
        foreach (var (tier, settings) in options.Tiers ?? [])
        {
            var rules = settings?.RateLimits;
            for (var i = 0; i < (rules?.Count ?? 0); i++)
            {
                var path = $"Tiers:{tier}:RateLimits:{i}";
                if (rules![i] is not { } rule)
                {
                    continue;
                }

                if (rule.Scope is not (null or RateLimitScope.Key or RateLimitScope.User))
                {
                    (failures ??= []).Add($"{path}:Scope must be key or user, or unset to count each member of the tier (the user or key it has the tier from) apart.");
                    continue;
                }

                if (rule.Match is not null)
                {
                    (failures ??= []).Add($"{path}:Match does not go with a tier's rule, which gives each member of the tier an allowance of its own; remove it.");
                    continue;
                }

                ValidateLimits(path, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute, ref failures);
                if (TierName.IsValid(tier))
                {
                    NoteDuplicates(path, RateLimitRule.ForTier(tier, rule.Scope, rule.RequestsPerMinute, rule.TokensPerMinute, rule.UsdPerMinute), seen, ref failures);
                }
            }
        }
    }

    private static RateLimitRule FeatureRule(string name, FeatureRateLimitOptions limits) =>
        new(RateLimitScope.Feature, name, limits.RequestsPerMinute, limits.TokensPerMinute, limits.UsdPerMinute);

    /// <summary>Whether a tag rule's match names a tag a request can carry: a valid tag name, alone or followed by <c>=</c> and a value.</summary>
    private static bool IsTagMatch(string match)
    {
        var equals = match.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? RequestTags.IsValidKey(match)
            : RequestTags.IsValidKey(match.AsSpan(0, equals)) && equals < match.Length - 1 && match.IndexOf('=', equals + 1) < 0;
    }

    private static bool ValidateMatch(string path, RateLimitScope scope, string? match, ref List<string>? failures)
    {
        if (match is null && scope == RateLimitScope.Tag)
        {
            (failures ??= []).Add($"{path}:Match must name the tag the rule counts: project=atlas for one allowance, project for one per value.");
            return false;
        }

        if (match is null)
        {
            return true;
        }

        string? problem = null;
        if (scope == RateLimitScope.Global)
        {
            problem = $"{path}:Match does not go with the global scope, which counts every request together; remove it, or choose another scope.";
        }
        else if (string.IsNullOrWhiteSpace(match) || match.Trim().Length != match.Length)
        {
            problem = $"{path}:Match must name a value without spaces around it (remove it to give each value an allowance of its own).";
        }
        else if (scope == RateLimitScope.Tag && !IsTagMatch(match))
        {
            problem = $"{path}:Match must be a tag as name=value (e.g. project=atlas), or a tag's name; it is '{match}'.";
        }

        if (problem is null)
        {
            return true;
        }

        (failures ??= []).Add(problem);
        return false;
    }

    private static void ValidateLimits(string path, long? requests, long? tokens, decimal? usd, ref List<string>? failures)
    {
        if (requests is null && tokens is null && usd is null)
        {
            (failures ??= []).Add($"{path} limits nothing: set RequestsPerMinute, TokensPerMinute or UsdPerMinute.");
        }

        if (requests is < 1)
        {
            (failures ??= []).Add($"{path}:RequestsPerMinute must be at least 1; it is {requests}.");
        }

        if (tokens is < 1)
        {
            (failures ??= []).Add($"{path}:TokensPerMinute must be at least 1; it is {tokens}.");
        }

        if (usd is { } dollars && !(dollars >= MinUsdPerMinute && dollars <= RateLimitAmounts.MaxUsd))
        {
            (failures ??= []).Add($"{path}:UsdPerMinute must be from {MinUsdPerMinute} (a micro-dollar) to {RateLimitAmounts.MaxUsd}; it is {dollars}.");
        }
    }

    /// <summary>Two rules counting the same unit for the same scope and match would count each request twice into one allowance.</summary>
    private static void NoteDuplicates(string path, RateLimitRule rule, Dictionary<string, string> seen, ref List<string>? failures)
    {
        Note(rule.RequestsPerMinute is not null, rule.RequestsRule, "requests", path, seen, ref failures);
        Note(rule.TokensPerMinute is not null, rule.TokensRule, "tokens", path, seen, ref failures);
        Note(rule.UsdPerMinute is not null, rule.UsdRule, "US dollars", path, seen, ref failures);

        static void Note(bool limits, string bucket, string unit, string path, Dictionary<string, string> seen, ref List<string>? failures)
        {
            if (!limits)
            {
                return;
            }

            if (seen.TryGetValue(bucket, out var first))
            {
                (failures ??= []).Add($"{path} limits {unit} a minute for the same requests as {first}; keep one of them.");
            }
            else
            {
                seen.Add(bucket, path);
            }
        }
    }
}
