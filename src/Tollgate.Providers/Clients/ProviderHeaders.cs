using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>
/// Which headers cross the gateway. Towards the provider: the provider key (never the client's credential), the
/// organization and project configured beside it, and the protocol headers a client may set (API version, betas,
/// idempotency, <c>Accept</c>), captured at the edge. A client never chooses the account it is billed to, so its
/// own <c>OpenAI-Organization</c> and <c>OpenAI-Project</c> stay at the gateway. Back to the client: every provider
/// header (request ids, rate-limit state, <c>retry-after</c>) except hop-by-hop ones, those naming the gateway's
/// own provider account, and Tollgate's own <c>x-tollgate-*</c>, which only this gateway sets.
/// </summary>
public static class ProviderHeaders
{
    /// <summary>The <c>anthropic-version</c> sent when the client names none.</summary>
    public const string DefaultAnthropicVersion = "2023-06-01";

    private static readonly SearchValues<char> SendableCharacters = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly string[] OpenAIForwarded = ["OpenAI-Beta", "Idempotency-Key", "Accept"];
    private static readonly string[] AnthropicForwarded = ["anthropic-version", "anthropic-beta", "Idempotency-Key", "Accept"];

    /// <summary>The client headers of <paramref name="protocol"/> that the provider should see, by name as listed, one entry per value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CaptureForwarded(WireProtocol protocol, IHeaderDictionary client)
    {
        ArgumentNullException.ThrowIfNull(client);
        List<KeyValuePair<string, string>>? captured = null;
        foreach (var name in protocol == WireProtocol.Anthropic ? AnthropicForwarded : OpenAIForwarded)
        {
            if (!client.TryGetValue(name, out var values))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null)
                {
                    (captured ??= new List<KeyValuePair<string, string>>(4)).Add(new(name, value));
                }
            }
        }

        return captured is null ? [] : captured;
    }

    internal static void ApplyToRequest(HttpRequestMessage request, ProviderEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> forwarded, string requestId)
    {
        var headers = request.Headers;
        var anthropic = endpoint.Protocol == WireProtocol.Anthropic;
        if (endpoint.ApiKey is not null)
        {
            if (anthropic)
            {
                headers.TryAddWithoutValidation("x-api-key", endpoint.ApiKey);
            }
            else
            {
                headers.TryAddWithoutValidation(endpoint.UsesAzureKeyHeader ? "api-key" : "Authorization", endpoint.UsesAzureKeyHeader ? endpoint.ApiKey : "Bearer " + endpoint.ApiKey);
            }
        }

        if (!anthropic)
        {
            if (endpoint.Organization is not null)
            {
                headers.TryAddWithoutValidation("OpenAI-Organization", endpoint.Organization);
            }

            if (endpoint.Project is not null)
            {
                headers.TryAddWithoutValidation("OpenAI-Project", endpoint.Project);
            }
        }

        var versionSent = false;
        for (var i = 0; i < forwarded.Count; i++)
        {
            var (name, value) = forwarded[i];
            if (name.Equals("anthropic-version", StringComparison.OrdinalIgnoreCase))
            {
                if (!anthropic)
                {
                    continue;
                }

                versionSent = true;
            }

            headers.TryAddWithoutValidation(name, value);
        }

        if (anthropic && !versionSent)
        {
            headers.TryAddWithoutValidation("anthropic-version", DefaultAnthropicVersion);
        }

        headers.TryAddWithoutValidation("x-tollgate-request-id", requestId);
    }

    internal static void CopyToResponse(HttpResponseMessage upstream, IDictionary<string, StringValues> target)
    {
        foreach (var header in upstream.Headers.NonValidated)
        {
            if (!IsHopByHop(header.Key) && !NamesProviderAccount(header.Key) && !IsTollgateOwn(header.Key))
            {
                CopySendable(header.Key, header.Value, target);
            }
        }

        foreach (var header in upstream.Content.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !IsTollgateOwn(header.Key))
            {
                CopySendable(header.Key, header.Value, target);
            }
        }
    }

    /// <summary>
    /// Copies the values a response header can carry. HttpClient reads a non-ASCII byte in a provider's header as a
    /// Latin-1 character, and the server refuses such a character (or a control character) when the header is set:
    /// copied, one odd header would turn the provider's good answer into a 500. No header the providers document
    /// carries one, so such a value is left out rather than rewritten into something the provider did not say.
    /// </summary>
    private static void CopySendable(string name, HeaderStringValues values, IDictionary<string, StringValues> target)
    {
        if (values.Count == 1)
        {
            var value = values.ToString();
            if (IsSendable(value))
            {
                target[name] = value;
            }

            return;
        }

        var kept = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (IsSendable(value))
            {
                kept.Add(value);
            }
        }

        if (kept.Count > 0)
        {
            target[name] = kept.ToArray();
        }
    }

    /// <summary>Whether a header can carry <paramref name="value"/>: visible ASCII, spaces and tabs only.</summary>
    private static bool IsSendable(string value) => !value.AsSpan().ContainsAnyExcept(SendableCharacters);

    /// <summary>The provider's account behind the gateway's key: the operator's business, not the client's.</summary>
    private static bool NamesProviderAccount(string name) =>
        name.Equals("openai-organization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("openai-project", StringComparison.OrdinalIgnoreCase)
        || name.Equals("anthropic-organization-id", StringComparison.OrdinalIgnoreCase);

    // An upstream that is itself a gateway (another Tollgate, a proxy that copies them) must not speak for this one:
    // its cost, request id or cache status would reach the client where this gateway's are missing or set later.
    private static bool IsTollgateOwn(string name) => name.StartsWith("x-tollgate-", StringComparison.OrdinalIgnoreCase);

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
