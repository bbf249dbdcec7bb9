using System.Text.Json;
using Tollgate.EndToEnd.Tests.Controls;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// A gateway in front of a recording simulator whose prompt caches work as the providers' do, with a feature that takes
/// the gateway's prompt-cache hints (<c>hinted</c>) and one that opted out (<c>unhinted</c>, <c>PromptCache: false</c>),
/// and two pinned to Claude, whose OpenAI-protocol calls are translated (<c>claude-pinned</c>, and
/// <c>claude-pinned-unhinted</c>, opted out), and one pinned to GPT, whose Anthropic-protocol calls are (<c>gpt-pinned</c>).
/// </summary>
public sealed class PromptCacheGateway : ControlsGateway
{
    public const string Hinted = "hinted";

    public const string Unhinted = "unhinted";

    public const string ClaudePinned = "claude-pinned";

    public const string ClaudePinnedUnhinted = "claude-pinned-unhinted";

    public const string GptPinned = "gpt-pinned";

    // Claude Sonnet 4.5 caches prefixes from 1,024 tokens.
    public const string AnthropicModel = "claude-sonnet-4-5";

    /// <summary>How many <c>cache_control</c> breakpoints a body the simulator received carries.</summary>
    public static int Breakpoints(JsonElement body) =>
        body.GetRawText().Split("\"cache_control\"").Length - 1;

    protected override string InitialSettings => """
        "Features": {
          "hinted": { "PromptCache": true },
          "unhinted": { "PromptCache": false },
          "claude-pinned": { "Model": "claude-sonnet-4-5" },
          "claude-pinned-unhinted": { "Model": "claude-sonnet-4-5", "PromptCache": false },
          "gpt-pinned": { "Model": "gpt-4o-mini" }
        }
        """;
}
