namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// A caching gateway with default cache settings and one feature whose policy caches every request: the way an
/// application whose SDK sends no <c>temperature</c> (Anthropic's, today) has its answers cached.
/// </summary>
public sealed class AlwaysCachedFeatureGateway : CachingGateway
{
    public const string Feature = "always-cached";

    protected override string InitialSettings => $$"""
        "Features": { "{{Feature}}": { "Cache": { "Policy": "Always" } } }
        """;
}
