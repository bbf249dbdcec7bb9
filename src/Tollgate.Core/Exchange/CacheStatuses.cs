namespace Tollgate.Core.Exchange;

/// <summary>Values of the <c>x-tollgate-cache</c> response header.</summary>
public static class CacheStatuses
{
    /// <summary>Answered from the exact cache.</summary>
    public const string Hit = "hit";

    /// <summary>Answered from the semantic cache.</summary>
    public const string SemanticHit = "semantic-hit";

    /// <summary>Answered by joining an identical call already in flight.</summary>
    public const string Coalesced = "coalesced";

    /// <summary>Eligible for caching, but went upstream.</summary>
    public const string Miss = "miss";

    /// <summary>Not eligible for caching (operation, <c>cache-control</c>, or non-deterministic request).</summary>
    public const string Bypass = "bypass";
}
