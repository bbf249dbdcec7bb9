namespace Tollgate.Core.Requests;

/// <summary>
/// Where Anthropic prompt-cache breakpoints (<c>cache_control: {"type": "ephemeral"}</c>) go in a messages request, in
/// the order the provider reads the prompt: the last tool definition, the last block of the system prompt, and the
/// last block of one message. Each caches the prefix up to and including its block.
/// </summary>
/// <param name="Tools">Whether the last tool definition gets a breakpoint.</param>
/// <param name="System">Whether the system prompt's last block gets one (a string system prompt becomes one text block).</param>
/// <param name="Message">The index in <c>messages</c> of the message whose last block gets one, or -1 for none.</param>
public readonly record struct CacheBreakpoints(bool Tools, bool System, int Message)
{
    /// <summary>No breakpoint at all.</summary>
    public static CacheBreakpoints None => new(false, false, -1);

    /// <summary>How many breakpoints these are (Anthropic accepts at most four in a request).</summary>
    public int Count => (Tools ? 1 : 0) + (System ? 1 : 0) + (Message >= 0 ? 1 : 0);
}
