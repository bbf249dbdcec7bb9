using System.Net;
using System.Net.Sockets;

namespace Tollgate.Testing.Servers;

/// <summary>Loopback ports nobody listens on at the moment of asking.</summary>
public static class FreePort
{
    /// <summary>A port the system just handed out; a server started right after can almost always bind it (servers retry when not).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
