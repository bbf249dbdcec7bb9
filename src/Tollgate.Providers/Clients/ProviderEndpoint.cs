using Tollgate.Core.Exchange;

namespace Tollgate.Providers.Clients;

/// <summary>
/// One upstream: its name in the ledger, its protocol, base address, key, and for OpenAI the organization and
/// project the key bills (server settings, like the key). OpenAI-compatible base
/// addresses include the version segment (<c>https://api.openai.com/v1</c>, as <c>OPENAI_BASE_URL</c>
/// does); Anthropic's do not (<c>https://api.anthropic.com</c>, as <c>ANTHROPIC_BASE_URL</c> does).
/// A query in the base address (Azure's <c>api-version</c>) is kept on every call.
/// </summary>
internal sealed class ProviderEndpoint
{
    public ProviderEndpoint(string name, WireProtocol protocol, Uri baseAddress, string? apiKey, string? organization = null, string? project = null)
    {
        Name = name;
        Protocol = protocol;
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim();
        Project = string.IsNullOrWhiteSpace(project) ? null : project.Trim();
        var path = baseAddress.AbsolutePath.TrimEnd('/');
        BasePrefix = baseAddress.GetLeftPart(UriPartial.Authority) + path;
        Query = baseAddress.Query;
        UsesAzureKeyHeader = baseAddress.Host.EndsWith(".azure.com", StringComparison.OrdinalIgnoreCase);
        PrefersHttp2 = baseAddress.Scheme == Uri.UriSchemeHttps;
        ChatCompletions = Build("/chat/completions");
        Embeddings = Build("/embeddings");
        Models = Build("/models");
        Messages = Build("/v1/messages");
        CountTokens = Build("/v1/messages/count_tokens");
    }

    public string Name { get; }

    public WireProtocol Protocol { get; }

    /// <summary>The provider key; never logged, never returned.</summary>
    public string? ApiKey { get; }

    /// <summary>The organization sent as <c>OpenAI-Organization</c>, or null for the key's default.</summary>
    public string? Organization { get; }

    /// <summary>The project sent as <c>OpenAI-Project</c>, or null for the key's default.</summary>
    public string? Project { get; }

    public string BasePrefix { get; }

    public string Query { get; }

    /// <summary>Azure OpenAI takes its key in an <c>api-key</c> header.</summary>
    public bool UsesAzureKeyHeader { get; }

    /// <summary>Whether calls ask for HTTP/2 (TLS upstreams negotiate it; plain HTTP stays on HTTP/1.1).</summary>
    public bool PrefersHttp2 { get; }

    public Uri ChatCompletions { get; }

    public Uri Embeddings { get; }

    public Uri Models { get; }

    public Uri Messages { get; }

    public Uri CountTokens { get; }

    public Uri UriFor(ExchangeOperation operation) => operation switch
    {
        ExchangeOperation.ChatCompletions => ChatCompletions,
        ExchangeOperation.Embeddings => Embeddings,
        ExchangeOperation.Models => Models,
        ExchangeOperation.Messages => Messages,
        ExchangeOperation.CountTokens => CountTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private Uri Build(string path) => new(BasePrefix + path + Query);
}
