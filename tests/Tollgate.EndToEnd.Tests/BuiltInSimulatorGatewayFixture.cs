using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tollgate.EndToEnd.Tests.Support;
using Tollgate.Testing;
using Tollgate.Testing.Servers;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// <c>tollgate serve</c> as a user first starts it: no provider variable, so both route families are answered by
/// the built-in simulated provider, and no admin key, so <c>/admin</c> serves loopback callers only. It listens on
/// 127.0.0.1, on [::1] (when this machine has IPv6 loopback) and on a Unix socket, whose callers have no IP
/// address and so are not loopback callers. Listening anywhere but loopback needs a virtual key, so one is made
/// with the CLI before the start.
/// </summary>
public sealed partial class BuiltInSimulatorGatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _socketDirectory = new();

    internal GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>The secret of the key made before the start (name <c>local-service</c>).</summary>
    public string Key { get; private set; } = null!;

    public string SocketPath => Path.Combine(_socketDirectory.Path, "gateway.sock");

    /// <summary>The gateway's [::1] address, or null when this machine has no IPv6 loopback.</summary>
    public Uri? IPv6Address { get; private set; }

    public async Task InitializeAsync()
    {
        var ipv6 = HasIPv6Loopback();
        Gateway = await GatewayProcess.StartAsync(
            urls: port => $"http://127.0.0.1:{port};" + (ipv6 ? $"http://[::1]:{port};" : string.Empty) + $"http://unix:{SocketPath}",
            prepare: async data =>
            {
                var created = await TollgateProcess.RunAsync(["keys", "create", "--data-dir", data, "--init", "--name", "local-service"]);
                Key = created.ExitCode == 0 && VirtualKey().Match(created.Output) is { Success: true } match
                    ? match.Value
                    : throw new InvalidOperationException($"tollgate keys create failed ({created.ExitCode}):\n{created.Output}");
            });
        IPv6Address = ipv6 ? new Uri($"http://[::1]:{Gateway.BaseAddress.Port}/") : null;
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        _socketDirectory.Dispose();
    }

    private static bool HasIPv6Loopback()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"tg-[A-Za-z0-9_\-]+")]
    private static partial Regex VirtualKey();
}
