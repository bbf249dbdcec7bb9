using Tollgate.EndToEnd.Tests.Controls;

namespace Tollgate.EndToEnd.Tests.PromptCaching;

/// <summary>
/// A gateway in front of a recording simulator whose prompt caches work as the providers' do, with a feature that takes
/// the gateway's prompt-cache hints (<c>hinted</c>) and one that opted out (<c>unhinted</c>, <c>PromptCache: false</c>).
/// </summary>
public sealed class PromptCacheGateway : ControlsGateway
{
    public const string Hinted = "hinted";

    public const string Unhinted = "unhinted";

    // Claude Sonnet 4.5 caches prefixes from 1,024 tokens.
    public const string AnthropicModel = "claude-sonnet-4-5";

    protected override string InitialSettings => """
        "Features": {
          "hinted": { "PromptCache": true },
          "unhinted": { "PromptCache": false }
        }
        """;
}
