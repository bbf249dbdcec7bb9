namespace Tollgate.Core.Exchange;

/// <summary>The fields of a request body that the levers need, read in one pass without materialising the body.</summary>
public readonly record struct RequestFacts
{
    /// <summary>The requested model.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>OpenAI: the client's own <c>stream_options.include_usage</c>.</summary>
    public bool ClientIncludesUsage { get; init; }

    /// <summary><c>max_tokens</c> / <c>max_completion_tokens</c>, when given.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Body's <c>user</c> (OpenAI) or <c>metadata.user_id</c> (Anthropic).</summary>
    public string? User { get; init; }

    /// <summary>Sampling temperature, when given.</summary>
    public double? Temperature { get; init; }

    /// <summary>Anthropic's <c>top_k</c> (sample from the k likeliest tokens), when given; 1 makes the answer deterministic.</summary>
    public double? TopK { get; init; }

    /// <summary>Whether the request carries tool definitions.</summary>
    public bool HasTools { get; init; }

    /// <summary>Responses API: the <c>previous_response_id</c> the request continues, when given.</summary>
    public string? PreviousResponseId { get; init; }

    /// <summary>Responses API: whether the body names a <c>conversation</c> (state the provider keeps and grows with every call).</summary>
    public bool Conversation { get; init; }

    /// <summary>Responses API: whether the client asked for a <c>background</c> response (answered <c>queued</c>, finished later).</summary>
    public bool Background { get; init; }

    /// <summary>Responses API: whether the provider is to store the response (<c>store</c>; the provider's default is true).</summary>
    public bool Store
    {
        get => !_noStore;
        init => _noStore = !value;
    }

    // Kept inverted, so that default facts (a body-less route, a refused body) say what the provider does by default.
    private readonly bool _noStore;
}
