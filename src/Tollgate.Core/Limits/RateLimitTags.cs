using Tollgate.Core.Exchange;

namespace Tollgate.Core.Limits;

/// <summary>
/// The tags a request carries, as the <see cref="RateLimitScope.Tag"/> scope reads them. Requests carry none yet:
/// once the exchange holds the <c>x-tollgate-tags</c> pairs, <see cref="Of"/> returns them and <see cref="Available"/>
/// becomes true (which lets settings name the tag scope).
/// </summary>
public static class RateLimitTags
{
    /// <summary>Whether requests carry tags the tag scope can count; settings refuse tag rules until they do.</summary>
    public static bool Available => false;

    /// <summary>The <c>name=value</c> tags of <paramref name="exchange"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(ExchangeContext exchange) => [];
}
