namespace Tollgate.Core.Requests;

/// <summary>Where a system-prompt addition goes in the body of one protocol and operation.</summary>
internal enum SystemPromptPlacement
{
    /// <summary>The operation has no system prompt.</summary>
    None,

    /// <summary>OpenAI chat: the first <c>system</c> or <c>developer</c> entry of <c>messages</c>.</summary>
    Messages,

    /// <summary>Anthropic: the top-level <c>system</c> member.</summary>
    SystemMember,

    /// <summary>Responses API: the top-level <c>instructions</c> member, when it is a string (or absent).</summary>
    Instructions,
}
