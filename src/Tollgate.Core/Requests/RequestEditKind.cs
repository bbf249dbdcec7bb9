namespace Tollgate.Core.Requests;

/// <summary>What a <see cref="RequestEdit"/> changes in the request body.</summary>
public enum RequestEditKind
{
    /// <summary>The <c>model</c> member.</summary>
    Model,

    /// <summary>The output token limit: <c>max_tokens</c> / <c>max_completion_tokens</c> (OpenAI chat), <c>max_tokens</c> (Anthropic).</summary>
    MaxOutputTokens,

    /// <summary><c>stream_options.include_usage: true</c> (OpenAI chat streams).</summary>
    StreamUsage,

    /// <summary>A stop sequence added to the client's own: <c>stop</c> (OpenAI chat), <c>stop_sequences</c> (Anthropic).</summary>
    StopSequence,

    /// <summary>Text appended to the system prompt.</summary>
    SystemPrompt,

    /// <summary>A top-level member set to a raw JSON value.</summary>
    SetProperty,

    /// <summary>A top-level member removed.</summary>
    RemoveProperty,

    /// <summary>Anthropic prompt-cache breakpoints (<c>cache_control</c>) on the tools, the system prompt and a message.</summary>
    CacheBreakpoints,
}
