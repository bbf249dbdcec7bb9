using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>One call to a provider: the operation, the body as it is to be sent, and the headers to pass on.</summary>
public sealed class ProviderRequest
{
    /// <summary>The operation, which names the provider's route.</summary>
    public required ExchangeOperation Operation { get; init; }

    /// <summary>The request id, sent upstream as <c>x-tollgate-request-id</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>The <c>{id}</c> of a sub-route (<c>GET /v1/responses/{id}</c> …), already checked to be a plain id; null otherwise.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The client's query string for a GET sub-route (<c>?include[]=…</c>), passed on as sent; empty otherwise.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>The JSON body to send (empty for GET routes); the caller keeps it alive until the call returns.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The client's protocol headers to pass on (see <see cref="ProviderHeaders.CaptureForwarded"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
