namespace Tollgate.Gateway.Tests.Relay;

/// <summary>What a plain HTTP client got from the gateway: status, headers, the body's bytes, and whether the body ended cleanly.</summary>
public sealed record RelayedCall(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool EndedCleanly)
{
    /// <summary>The request id the gateway answered with.</summary>
    public string RequestId => Headers["x-tollgate-request-id"];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
