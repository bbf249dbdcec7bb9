namespace Tollgate.Gateway.Hosting;

/// <summary>Parses <c>--urls</c> and tells loopback addresses from the rest.</summary>
internal static class ListenAddresses
{
    public static string[] Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
