using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Forwarding;

/// <summary>
/// Which headers cross the gateway. Towards the provider: the provider key (never the client's credential)
/// and the protocol headers a client may set (API version, betas, organisation, idempotency). Back to the
/// client: every provider header (request ids, rate-limit state, <c>retry-after</c>) except hop-by-hop ones.
/// </summary>
internal static class UpstreamHeaders
{
    public const string DefaultAnthropicVersion = "2023-06-01";

    private static readonly string[] OpenAIPassThrough = ["OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta", "Idempotency-Key"];
    private static readonly string[] AnthropicPassThrough = ["anthropic-beta", "Idempotency-Key"];

    public static void ApplyToRequest(HttpRequestMessage request, ProviderEndpoint endpoint, HttpRequest client, string requestId)
    {
        var headers = request.Headers;
        if (endpoint.Protocol == WireProtocol.Anthropic)
        {
            if (endpoint.ApiKey is not null)
            {
                headers.TryAddWithoutValidation("x-api-key", endpoint.ApiKey);
            }

            var version = client.Headers["anthropic-version"];
            headers.TryAddWithoutValidation("anthropic-version", version.Count > 0 ? version.ToString() : DefaultAnthropicVersion);
            Copy(client, headers, AnthropicPassThrough);
        }
        else
        {
            if (endpoint.ApiKey is not null)
            {
                headers.TryAddWithoutValidation(endpoint.UsesAzureKeyHeader ? "api-key" : "Authorization", endpoint.UsesAzureKeyHeader ? endpoint.ApiKey : "Bearer " + endpoint.ApiKey);
            }

            Copy(client, headers, OpenAIPassThrough);
        }

        var accept = client.Headers.Accept;
        if (accept.Count > 0)
        {
            headers.TryAddWithoutValidation("Accept", (IEnumerable<string>)accept!);
        }

        headers.TryAddWithoutValidation("x-tollgate-request-id", requestId);
    }

    public static void CopyToResponse(HttpResponseMessage upstream, HttpResponse response)
    {
        var target = response.Headers;
        foreach (var header in upstream.Headers.NonValidated)
        {
            if (!IsHopByHop(header.Key))
            {
                target[header.Key] = header.Value.Count == 1 ? header.Value.ToString() : header.Value.ToArray();
            }
        }

        foreach (var header in upstream.Content.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                target[header.Key] = header.Value.Count == 1 ? header.Value.ToString() : header.Value.ToArray();
            }
        }
    }

    private static void Copy(HttpRequest client, HttpRequestHeaders target, string[] names)
    {
        foreach (var name in names)
        {
            var value = client.Headers[name];
            if (value.Count > 0)
            {
                target.TryAddWithoutValidation(name, (IEnumerable<string>)value!);
            }
        }
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TE", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Server", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Alt-Svc", StringComparison.OrdinalIgnoreCase);
}
