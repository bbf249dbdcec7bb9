using Tollgate.Core.Caching;
using Tollgate.Gateway.Caching;

namespace Tollgate.Gateway;

/// <summary>
/// The exact response cache: whether it runs, whose requests share entries, when a request is cacheable and how long an
/// answer is kept. Read per request, so an edit of the <c>--config</c> file applies to the next one; only
/// <see cref="MemoryLimitBytes"/> is fixed at start. A feature's own <c>Cache</c> section
/// (<see cref="FeatureOptions.Cache"/>) overrides the policy, the lifetime and the personal-data rule for its requests.
/// </summary>
public sealed class CacheOptions
{
    /// <summary>Longest <see cref="TtlSeconds"/> accepted: no entry lives longer than fourteen days in any case.</summary>
    public const double MaxTtlSeconds = 14 * 24 * 3600;

    /// <summary>Default of <see cref="MemoryLimitBytes"/>: 64 MiB.</summary>
    public const long DefaultMemoryLimitBytes = 64L * 1024 * 1024;

    /// <summary>Whether the cache looks requests up and stores answers at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Who shares entries: every key of a team (the default), each key alone, or everyone.</summary>
    public CacheKeyScope Scope { get; set; } = CacheKeyScope.Team;

    /// <summary>
    /// The IANA time zone (e.g. <c>Europe/Berlin</c>) whose midnight ends the life of an answer to a prompt that depends on
    /// the day ("today", "latest", a date); default <c>UTC</c>.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Which requests are cached, unless a feature says otherwise: deterministic ones by default.</summary>
    public CachePolicy Policy { get; set; } = CachePolicy.Deterministic;

    /// <summary>How long an answer is kept, in seconds, unless a feature says otherwise; unset: seven days.</summary>
    public double? TtlSeconds { get; set; }

    /// <summary>Whether requests carrying personal data (emails, phone or card numbers, IBANs, secrets) are cached; default false.</summary>
    public bool AllowPersonalData { get; set; }

    /// <summary>Most bytes of answers the embedded store keeps in memory in front of its database (fixed at start; default 64 MiB).</summary>
    public long MemoryLimitBytes { get; set; } = DefaultMemoryLimitBytes;

    /// <summary>
    /// Base64 of a 32-byte key: when set, stored answers are encrypted with AES-256-GCM (fixed at start; a secret,
    /// never logged or shown). Unset, answers are stored as they came.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The semantic cache, tried after an exact miss.</summary>
    public SemanticCacheOptions Semantic { get; set; } = new();
}
