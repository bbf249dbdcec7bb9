using Tollgate.Core.Caching;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Caching;

/// <summary>
/// A provider's answer as recorded on its way to the client, with what storing it needs: the key and scope it goes
/// under, who it was made for, and the prompt its lifetime depends on; for a semantic miss, its embedded last user
/// message. The bytes are its own copy.
/// </summary>
internal sealed record RecordedAnswer(
    CacheKey Key,
    string Scope,
    string? Feature,
    string Model,
    WireProtocol Protocol,
    ExchangeOperation Operation,
    int Status,
    bool IsEventStream,
    byte[] Bytes,
    string Prompt,
    TimeSpan? TtlOverride,
    TimeZoneInfo TimeZone,
    SemanticRecording? Semantic = null);
