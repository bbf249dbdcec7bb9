using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>
/// Talks to one provider in its own wire format. A call can be made more than once (retries, fallbacks) and from
/// outside HTTP (jobs, replay): it takes everything it needs in the <see cref="ProviderRequest"/>.
/// </summary>
public interface IProviderClient
{
    /// <summary>The provider's name in the ledger: <c>openai</c>, <c>anthropic</c> or <c>simulated</c>.</summary>
    string Name { get; }

    /// <summary>The wire protocol the provider speaks.</summary>
    WireProtocol Protocol { get; }

    /// <summary>
    /// Sends the request and returns once the response headers have arrived; the body is read from the response.
    /// Throws <see cref="HttpRequestException"/> when the provider cannot be reached or the connection breaks, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    ValueTask<ProviderResponse> SendAsync(ProviderRequest request, CancellationToken cancellationToken);
}
