namespace Tollgate.Gateway.Caching;

/// <summary>Which of a feature's requests the semantic cache may answer (<c>Tollgate:Features:NAME:Cache:Semantic</c>).</summary>
public enum SemanticMode
{
    /// <summary>
    /// Deterministic single-turn requests without tools whose task type is a stable one (<c>classification</c>,
    /// <c>extraction</c>, <c>formatting</c>): those whose answer a paraphrase should get too.
    /// </summary>
    Auto,

    /// <summary>Every request the exact cache looks up, chats, conversations and tool calls included.</summary>
    Always,

    /// <summary>None: the feature's requests are only ever answered by an identical one.</summary>
    Never,
}
