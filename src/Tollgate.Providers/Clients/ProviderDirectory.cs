using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>Which provider client serves each protocol. Immutable once the gateway has started.</summary>
public sealed class ProviderDirectory
{
    /// <summary>Creates the directory; a protocol with no client has no provider configured.</summary>
    public ProviderDirectory(IProviderClient? openAI, IProviderClient? anthropic)
    {
        OpenAI = openAI;
        Anthropic = anthropic;
    }

    /// <summary>The client of the OpenAI-compatible routes, or null.</summary>
    public IProviderClient? OpenAI { get; }

    /// <summary>The client of the Anthropic routes, or null.</summary>
    public IProviderClient? Anthropic { get; }

    /// <summary>The client that serves <paramref name="protocol"/>, or null when none is configured.</summary>
    public IProviderClient? For(WireProtocol protocol) => protocol == WireProtocol.Anthropic ? Anthropic : OpenAI;
}
