namespace Tollgate.Gateway.Endpoints;

/// <summary>Body of <c>GET /admin/cache</c>: what the response cache holds now.</summary>
/// <param name="Entries">Live (unexpired) entries.</param>
/// <param name="Bytes">Bytes of their stored answers (as served, before any encryption).</param>
/// <param name="Encrypted">Whether answers are stored encrypted (<c>Cache:EncryptionKey</c> is set).</param>
internal sealed record CacheStatsResponse(long Entries, long Bytes, bool Encrypted);
