namespace Tollgate.Gateway.Caching;

/// <summary>Which requests the response cache answers and stores.</summary>
public enum CachePolicy
{
    /// <summary>Only requests whose answer does not depend on chance: an explicit <c>temperature: 0</c>, or <c>top_k: 1</c>.</summary>
    Deterministic,

    /// <summary>Every request of a cacheable operation, whatever its sampling settings.</summary>
    Always,

    /// <summary>None.</summary>
    Never,
}
