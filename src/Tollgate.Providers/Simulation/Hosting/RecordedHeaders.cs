using Microsoft.AspNetCore.Http;

namespace Tollgate.Providers.Simulation.Hosting;

/// <summary>
/// What the request log keeps of a call's headers: every credential header as a fingerprint (the secret
/// itself never enters the log), and the protocol headers a gateway may pass on, as sent.
/// </summary>
internal static class RecordedHeaders
{
    private static readonly string[] CredentialNames = ["authorization", "x-api-key", "api-key"];

    private static readonly string[] ProtocolNames =
    [
        "anthropic-version", "anthropic-beta", "openai-organization", "openai-project", "openai-beta",
        "idempotency-key", "accept", "content-type", "user-agent",
    ];

    /// <summary>Credential headers by lower-case name; <c>authorization</c> keeps its scheme (<c>Bearer sha256:…</c>).</summary>
    public static Dictionary<string, string> Credentials(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in CredentialNames)
        {
            if (!headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                continue;
            }

            var value = values.ToString();
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            result[name] = name == "authorization" && space > 0
                ? string.Concat(value.AsSpan(0, space + 1), SimulatedRequest.Fingerprint(value[(space + 1)..]))
                : SimulatedRequest.Fingerprint(value);
        }

        return result;
    }

    /// <summary>The protocol headers present, by lower-case name, with every other header's name listed under <c>names</c>.</summary>
    public static Dictionary<string, string> Protocol(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ProtocolNames)
        {
            if (headers.TryGetValue(name, out var values) && values.Count > 0)
            {
                result[name] = values.ToString();
            }
        }

        var names = new List<string>(headers.Count);
        foreach (var header in headers)
        {
            names.Add(header.Key.ToLowerInvariant());
        }

        names.Sort(StringComparer.Ordinal);
        result["names"] = string.Join(',', names);
        return result;
    }
}
