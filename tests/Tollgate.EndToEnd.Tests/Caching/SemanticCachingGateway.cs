namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// A caching gateway with the default semantic cache (MiniLM at its default threshold), a feature that declares its
/// requests classifications, and one that turns the semantic cache off.
/// </summary>
public sealed class SemanticCachingGateway : CachingGateway
{
    public const string Classifier = "intent-classifier";
    public const string ExactOnly = "exact-only";

    protected override string InitialSettings => $$"""
        "Features": {
          "{{Classifier}}": { "Cache": { "Task": "classification" } },
          "{{ExactOnly}}": { "Cache": { "Semantic": "Never" } }
        }
        """;
}
