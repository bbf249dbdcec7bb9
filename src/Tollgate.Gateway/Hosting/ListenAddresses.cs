using Microsoft.Extensions.Configuration;

namespace Tollgate.Gateway.Hosting;

/// <summary>Parses <c>--urls</c>, finds what Kestrel will actually listen on, and tells loopback addresses from the rest.</summary>
internal static class ListenAddresses
{
    public static string[] Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The addresses Kestrel listens on: the <c>Kestrel:Endpoints:NAME:Url</c> of its configuration when there are
    /// any (they replace <c>--urls</c>), else <paramref name="urls"/>.
    /// </summary>
    public static string[] Effective(string[] urls, IConfiguration configuration)
    {
        List<string>? configured = null;
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                (configured ??= []).Add(url);
            }
        }

        return configured is null ? urls : [.. configured];
    }

    public static bool AnyHttps(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsLoopbackOnly(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!IsLoopback(url))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards ("*", "+", "0.0.0.0", "[::]") are not valid URI hosts everywhere; check text first.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host == "[::1]"
            || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }
}
