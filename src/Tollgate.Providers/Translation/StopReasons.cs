namespace Tollgate.Providers.Translation;

/// <summary>Why an answer ended, in each protocol's words.</summary>
internal static class StopReasons
{
    /// <summary>An Anthropic <c>stop_reason</c> as an OpenAI chat <c>finish_reason</c>.</summary>
    public static string ToChat(string? anthropic) => anthropic switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>An OpenAI chat <c>finish_reason</c> as an Anthropic <c>stop_reason</c>.</summary>
    public static string ToMessages(string? chat) => chat switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };

    /// <summary>Whether an Anthropic <c>stop_reason</c> makes a Responses API answer <c>incomplete</c> (its output limit).</summary>
    public static bool IsIncomplete(string? anthropic) => anthropic is "max_tokens" or "model_context_window_exceeded";
}
