using System.Net;
using System.Net.Http.Headers;
using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>
/// A provider reached over HTTP: OpenAI-compatible (OpenAI, Azure OpenAI, any compatible server), Anthropic, or the
/// simulated provider. Sends with the provider key, never the client's credential.
/// </summary>
public sealed class HttpProviderClient : IProviderClient
{
    private readonly ProviderEndpoint _endpoint;
    private readonly HttpMessageInvoker _invoker;

    /// <summary>Creates a client for the provider at <paramref name="baseAddress"/>.</summary>
    /// <param name="name">The provider's name in the ledger.</param>
    /// <param name="protocol">The provider's wire protocol.</param>
    /// <param name="baseAddress">OpenAI-compatible: with the version segment (<c>https://api.openai.com/v1</c>); Anthropic: without (<c>https://api.anthropic.com</c>).</param>
    /// <param name="apiKey">The provider key, or null for a provider that needs none.</param>
    /// <param name="connections">The shared connection pool.</param>
    /// <param name="organization">OpenAI-compatible only: the organization calls are billed to (<c>OpenAI-Organization</c>), or null for the key's default.</param>
    /// <param name="project">OpenAI-compatible only: the project calls are billed to (<c>OpenAI-Project</c>), or null for the key's default.</param>
    public HttpProviderClient(string name, WireProtocol protocol, Uri baseAddress, string? apiKey, UpstreamConnections connections, string? organization = null, string? project = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _endpoint = new ProviderEndpoint(name, protocol, baseAddress, apiKey, organization, project);
        _invoker = connections.Invoker;
    }

    /// <inheritdoc />
    public string Name => _endpoint.Name;

    /// <inheritdoc />
    public WireProtocol Protocol => _endpoint.Protocol;

    /// <inheritdoc />
    public async ValueTask<ProviderResponse> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new HttpRequestMessage(ProviderEndpoint.MethodFor(request.Operation), _endpoint.UriFor(request.Operation, request.ResourceId, request.Query));
        if (_endpoint.PrefersHttp2)
        {
            // Over TLS, HTTP/2 multiplexes every call on a few connections; plain-HTTP upstreams stay on HTTP/1.1.
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        if (ProviderEndpoint.SendsBody(request.Operation))
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        ProviderHeaders.ApplyToRequest(message, _endpoint, request.Headers, request.RequestId);
        try
        {
            var response = await _invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);

            // The request message lives as long as the response: its body may still be in use while the answer streams.
            return new ProviderResponse(message, response, _endpoint.Protocol);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }
}
