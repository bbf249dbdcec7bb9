namespace Tollgate.Gateway;

/// <summary>One provider's address and key.</summary>
public sealed class ProviderOptions
{
    /// <summary>Provider key; never logged or returned.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base address; the provider's public API when unset.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// OpenAI only: the organization every call is billed to (sent as <c>OpenAI-Organization</c>); the key's default
    /// organization when unset. A client's own <c>OpenAI-Organization</c> header is never forwarded.
    /// </summary>
    public string? Organization { get; set; }

    /// <summary>OpenAI only: the project every call is billed to (sent as <c>OpenAI-Project</c>); the key's default when unset.</summary>
    public string? Project { get; set; }

    /// <summary>Whether the provider is configured at all (a key, or an address such as a local vLLM or Ollama).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(BaseUrl);
}
