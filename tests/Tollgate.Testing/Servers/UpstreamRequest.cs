namespace Tollgate.Testing.Servers;

/// <summary>A request a <see cref="GoldenUpstream"/> received: method, path (with query), headers and body.</summary>
public sealed record UpstreamRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>A header's value (first name match, case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
