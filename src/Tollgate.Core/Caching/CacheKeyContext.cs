using Tollgate.Core.Exchange;

namespace Tollgate.Core.Caching;

/// <summary>
/// What besides the request body goes into a cache key: who may share the entry, where the request came in,
/// the prompt version the caller declared (<c>x-tollgate-prompt-version</c>) and a fingerprint of the feature
/// settings that shape the answer (routing rule, output caps, injected instructions), so that a policy change
/// misses instead of serving answers made under the old policy.
/// </summary>
/// <param name="Scope">The kind of boundary entries stay inside.</param>
/// <param name="ScopeValue">The team id or key id the scope names; ignored for <see cref="CacheKeyScope.Global"/>.</param>
/// <param name="Protocol">The wire protocol of the request.</param>
/// <param name="Operation">The operation of the request.</param>
/// <param name="PromptVersion">The declared prompt version, or null when none was sent.</param>
/// <param name="PolicyFingerprint">The caller's fingerprint of the answer-shaping settings, or null when none apply.</param>
public readonly record struct CacheKeyContext(
    CacheKeyScope Scope,
    string? ScopeValue,
    WireProtocol Protocol,
    ExchangeOperation Operation,
    string? PromptVersion,
    string? PolicyFingerprint);
