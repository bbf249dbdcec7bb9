using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// Parses <c>--urls</c> the way Kestrel will, finds what Kestrel will actually listen on, and keeps a gateway that
/// serves callers without a key on loopback addresses.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>
    /// Splits <paramref name="urls"/> at <c>;</c> and checks each address with Kestrel's own parser, so a bad one is
    /// refused, named, before anything starts (Kestrel would fail later, with a stack trace).
    /// </summary>
    /// <exception cref="GatewayStartupException">No address, or one Kestrel cannot listen on.</exception>
    public static string[] Parse(string? urls)
    {
        var addresses = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            throw new GatewayStartupException("--urls must name at least one address, e.g. http://127.0.0.1:8080.");
        }

        foreach (var address in addresses)
        {
            Check(address);
        }

        return addresses;
    }

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

    /// <summary>Checks one address: <c>http://HOST:PORT</c>, <c>https://HOST:PORT</c> or <c>http://unix:/PATH</c>.</summary>
    /// <exception cref="GatewayStartupException">Kestrel could not listen on it.</exception>
    public static void Check(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            throw new GatewayStartupException($"'{address}' in --urls is not an address to listen on; write it as http://HOST:PORT, e.g. http://127.0.0.1:8080.");
        }

        if (!string.Equals(parsed.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(parsed.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayStartupException($"'{address}' in --urls has the scheme '{parsed.Scheme}'; Tollgate listens on http:// and https:// addresses.");
        }

        if (!parsed.IsUnixPipe && parsed.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new GatewayStartupException($"'{address}' in --urls has the port {parsed.Port}; a port is a number from 0 to {IPEndPoint.MaxPort}.");
        }
    }

    /// <summary>
    /// Refuses an endpoint that is not a loopback IP address. Runs as Kestrel's endpoint defaults, that is for every
    /// endpoint Kestrel is about to bind, whether it comes from <c>--urls</c> or from Kestrel's own configuration
    /// (<c>Kestrel__Endpoints__NAME__Url</c>), so no address escapes the check. A Unix socket is refused too: its
    /// callers have no IP address, so nothing tells a local caller from a proxied remote one.
    /// </summary>
    /// <exception cref="GatewayStartupException">The endpoint is not loopback.</exception>
    public static void RequireLoopback(ListenOptions endpoint)
    {
        if (endpoint.EndPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address))
        {
            return;
        }

        throw new GatewayStartupException(
            $"Refusing to listen on {endpoint} without authentication: create a virtual key first " +
            "('tollgate keys create --name NAME'), set Tollgate:Auth:UnauthenticatedLoopback to Never, " +
            "or listen on a loopback address such as http://127.0.0.1:8080.");
    }
}
