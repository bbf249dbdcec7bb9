namespace Tollgate.Core.Exchange;

/// <summary>
/// The names of the built-in tools a provider bills per call, as the pricing file's <c>tool_calls</c> section and
/// <c>GET /admin/pricing</c> spell them.
/// </summary>
public static class BuiltInToolKinds
{
    /// <summary>OpenAI's <c>web_search</c> (and <c>web_search_preview</c>) tool; Anthropic's server-side web search.</summary>
    public const string WebSearch = "web_search";

    /// <summary>OpenAI's <c>file_search</c> tool.</summary>
    public const string FileSearch = "file_search";

    /// <summary>OpenAI's <c>code_interpreter</c> tool.</summary>
    public const string CodeInterpreter = "code_interpreter";

    /// <summary>OpenAI's <c>image_generation</c> tool.</summary>
    public const string ImageGeneration = "image_generation";

    /// <summary>Every kind, in the order remarks list them.</summary>
    public static IReadOnlyList<string> All { get; } = [WebSearch, FileSearch, CodeInterpreter, ImageGeneration];
}
