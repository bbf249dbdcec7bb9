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
        Responses = Build("/responses");
        ResponsesInputTokens = Build("/responses/input_tokens");
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

    public Uri Responses { get; }

    public Uri ResponsesInputTokens { get; }

    /// <summary>The provider's address for <paramref name="operation"/>.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="resourceId">The sub-route's <c>{id}</c>, a plain id (letters, digits, <c>_</c>, <c>-</c>), for the operations that name one.</param>
    /// <param name="clientQuery">The client's query string (with its <c>?</c>), for the GET sub-routes; empty otherwise.</param>
    public Uri UriFor(ExchangeOperation operation, string? resourceId = null, string clientQuery = "") => operation switch
    {
        ExchangeOperation.ChatCompletions => ChatCompletions,
        ExchangeOperation.Embeddings => Embeddings,
        ExchangeOperation.Models => Models,
        ExchangeOperation.Messages => Messages,
        ExchangeOperation.CountTokens => CountTokens,
        ExchangeOperation.Responses => Responses,
        ExchangeOperation.ResponsesInputTokens => ResponsesInputTokens,
        ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete => Build("/responses/" + PlainId(resourceId), clientQuery),
        ExchangeOperation.ResponsesCancel => Build("/responses/" + PlainId(resourceId) + "/cancel", clientQuery),
        ExchangeOperation.ResponsesInputItems => Build("/responses/" + PlainId(resourceId) + "/input_items", clientQuery),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>The HTTP method of <paramref name="operation"/> at the provider.</summary>
    public static HttpMethod MethodFor(ExchangeOperation operation) => operation switch
    {
        ExchangeOperation.Models or ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesInputItems => HttpMethod.Get,
        ExchangeOperation.ResponsesDelete => HttpMethod.Delete,
        _ => HttpMethod.Post,
    };

    /// <summary>Whether <paramref name="operation"/> sends a body (GET and DELETE send none, nor does a cancel).</summary>
    public static bool SendsBody(ExchangeOperation operation) =>
        operation is not (ExchangeOperation.Models or ExchangeOperation.ResponsesRetrieve or ExchangeOperation.ResponsesDelete
            or ExchangeOperation.ResponsesInputItems or ExchangeOperation.ResponsesCancel);

    /// <summary>
    /// The id, refused unless plain: the edge checks it already, and a path segment built from anything else
    /// (<c>..</c>, a slash, an escape) could reach another route of the provider.
    /// </summary>
    private static string PlainId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The operation names a resource, but no id was given.", nameof(id));
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new ArgumentException("A resource id is letters, digits, '_' and '-' only.", nameof(id));
            }
        }

        return id;
    }

    private Uri Build(string path) => new(BasePrefix + path + Query);

    /// <summary>The path with the base address's own query (Azure's <c>api-version</c>) and the client's, joined.</summary>
    private Uri Build(string path, string clientQuery)
    {
        if (clientQuery.Length <= 1)
        {
            return Build(path);
        }

        var query = Query.Length <= 1 ? clientQuery : Query + "&" + clientQuery[1..];
        return new Uri(BasePrefix + path + query);
    }
}
