namespace Tollgate.Core.Routing;

/// <summary>
/// How capable, and how dear, a model is: the classes a routing rule sends task types to. Ordered, so a tier that
/// lacks a capability a request uses moves up (<see cref="Small"/> → <see cref="Medium"/> → <see cref="Frontier"/>),
/// never down.
/// </summary>
public enum ModelTier
{
    /// <summary>Cheap and fast: classification, extraction, formatting.</summary>
    Small = 0,

    /// <summary>General purpose: summarization, chat, creative writing.</summary>
    Medium = 1,

    /// <summary>The most capable: multi-step reasoning and code.</summary>
    Frontier = 2,
}
