using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// One provider-compatible route: its method and path, and the protocol and operation it serves. A path may hold one
/// <c>{id}</c> segment (<c>/v1/responses/{id}</c>), the resource a sub-route acts on.
/// </summary>
internal sealed record ProviderRoute(string Method, string Path, WireProtocol Protocol, ExchangeOperation Operation)
{
    /// <summary>The route parameter a templated path names.</summary>
    public const string IdParameter = "id";

    private const string IdSegment = "{" + IdParameter + "}";

    /// <summary>Whether the path has an <c>{id}</c> segment.</summary>
    public bool HasId => Path.Contains(IdSegment, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="path"/> is this route's path (any single segment standing for <c>{id}</c>), whatever the method.</summary>
    public bool Matches(PathString path)
    {
        if (!HasId)
        {
            return path.Equals(Path, StringComparison.OrdinalIgnoreCase);
        }

        var value = (path.Value ?? string.Empty).AsSpan().TrimEnd('/');
        var at = Path.IndexOf(IdSegment, StringComparison.Ordinal);
        var prefix = Path.AsSpan(0, at);
        var suffix = Path.AsSpan(at + IdSegment.Length);
        if (value.Length <= prefix.Length + suffix.Length
            || !value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !value[prefix.Length..^suffix.Length].Contains('/');
    }
}
