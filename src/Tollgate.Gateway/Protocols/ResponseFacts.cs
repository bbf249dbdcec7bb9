using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Protocols;

/// <summary>What a provider response (or one streamed event) says about model, usage and error.</summary>
internal struct ResponseFacts
{
    public string? Model;
    public long InputTokens;
    public long CachedInputTokens;
    public long CacheWriteTokens;

    /// <summary>The part of <see cref="CacheWriteTokens"/> written for an hour (Anthropic's <c>cache_creation.ephemeral_1h_input_tokens</c>).</summary>
    public long CacheWrite1hTokens;
    public long OutputTokens;
    public bool HasUsage;

    /// <summary>
    /// Whether the usage read is the provider's final count (a whole response, OpenAI's usage chunk, Anthropic's
    /// <c>message_delta</c>), not the opening count of Anthropic's <c>message_start</c>, whose output count is a provisional 1.
    /// </summary>
    public bool UsageFinal;
    public string? ErrorType;

    /// <summary>OpenAI stream chunk: whether it has an empty <c>choices</c> array (the include_usage chunk).</summary>
    public bool EmptyChoices;

    /// <summary>Responses API: the response's <c>id</c> (a whole response's, or the one nested in a stream event).</summary>
    public string? ResponseId;

    /// <summary>Responses API: the response's <c>status</c> (<c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>queued</c> …).</summary>
    public string? ResponseStatus;

    /// <summary>
    /// Whether the answer says it stopped at its output limit (<see cref="OutputLimitStops"/>): a chat choice finished
    /// for length, a message stopped at <c>max_tokens</c>, a response incomplete for <c>max_output_tokens</c>.
    /// </summary>
    public bool StoppedAtOutputLimit;

    /// <summary>Responses API: the built-in tool calls among the response's output items.</summary>
    public BuiltInToolCalls BuiltInToolCalls;

    public readonly TokenUsage ToUsage() => new(InputTokens, CachedInputTokens, CacheWriteTokens, OutputTokens, CacheWrite1hTokens);
}
