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

    /// <summary>Whether the request carries tool definitions.</summary>
    public bool HasTools { get; init; }
}
