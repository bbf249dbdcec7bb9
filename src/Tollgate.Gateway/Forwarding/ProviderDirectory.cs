using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Forwarding;

/// <summary>Which upstream serves each protocol. Immutable once the gateway has started.</summary>
internal sealed class ProviderDirectory
{
    public ProviderDirectory(ProviderEndpoint? openAI, ProviderEndpoint? anthropic)
    {
        OpenAI = openAI;
        Anthropic = anthropic;
    }

    public ProviderEndpoint? OpenAI { get; }

    public ProviderEndpoint? Anthropic { get; }

    public ProviderEndpoint? For(WireProtocol protocol) => protocol == WireProtocol.Anthropic ? Anthropic : OpenAI;
}
