using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Caching;
using Tollgate.Gateway.Json;

namespace Tollgate.Gateway.Endpoints;

/// <summary><c>GET /admin/cache</c> and <c>DELETE /admin/cache</c>: what the response cache holds, and purging it.</summary>
internal static partial class AdminRoutes
{
    private const string CacheLogCategory = "Tollgate.Admin";

    private static readonly string[] PurgeParameters = ["feature", "model", "older_than"];

    /// <summary>Live entries and the bytes of their answers (<see cref="CacheStatsResponse"/>).</summary>
    private static async Task GetCacheAsync(HttpContext http, ICacheStore cache)
    {
        var size = await cache.MeasureAsync(http.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(http, 200, new CacheStatsResponse(size.Entries, size.Bytes, cache is EncryptedCacheStore), AdminJsonContext.Default.CacheStatsResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the entries matching every parameter given: <c>feature</c> and <c>model</c> (exact), <c>older_than</c>
    /// (created more than that long ago; see <see cref="AgeText"/>). None given: every entry. A parameter that is unknown,
    /// repeated, empty or malformed is refused with 400, naming it: a purge cannot be undone, so nothing is guessed.
    /// </summary>
    private static async Task PurgeCacheAsync(HttpContext http, ICacheStore cache, TimeProvider time, ILoggerFactory loggers)
    {
        var query = http.Request.Query;
        foreach (var (name, values) in query)
        {
            if (Array.IndexOf(PurgeParameters, name) < 0)
            {
                await BadRequestAsync(http, $"Unknown parameter '{name}': DELETE /admin/cache takes feature, model and older_than (none: purge everything).", name).ConfigureAwait(false);
                return;
            }

            if (values.Count != 1)
            {
                await BadRequestAsync(http, $"{name} may be given once.", name).ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(values[0]))
            {
                await BadRequestAsync(http, $"{name} is empty: give a value, or leave it out to purge entries of any {name.Replace('_', ' ')}.", name).ConfigureAwait(false);
                return;
            }
        }

        DateTimeOffset? createdBefore = null;
        if (query.TryGetValue("older_than", out var olderThan))
        {
            if (!AgeText.TryParse(olderThan[0], out var age))
            {
                await BadRequestAsync(http, $"older_than must be {AgeText.Expected}; got '{olderThan[0]}'.", "older_than").ConfigureAwait(false);
                return;
            }

            var now = time.GetUtcNow();
            createdBefore = now - DateTimeOffset.MinValue > age ? now - age : DateTimeOffset.MinValue;
        }

        var filter = new CachePurgeFilter(Single(query, "feature"), Single(query, "model"), createdBefore);
        var purged = await cache.PurgeAsync(filter, http.RequestAborted).ConfigureAwait(false);
        LogCachePurged(loggers.CreateLogger(CacheLogCategory), purged, filter.Feature ?? "any", filter.Model ?? "any", filter.CreatedBefore?.ToString("O") ?? "any time");
        await WriteJsonAsync(http, 200, new CachePurgeResponse(purged), AdminJsonContext.Default.CachePurgeResponse).ConfigureAwait(false);
    }

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values[0] : null;

    [LoggerMessage(EventId = 85, Level = LogLevel.Information, Message = "Cache purge removed {Count} entries (feature {Feature}, model {Model}, created before {CreatedBefore})")]
    private static partial void LogCachePurged(ILogger logger, long count, string feature, string model, string createdBefore);
}
